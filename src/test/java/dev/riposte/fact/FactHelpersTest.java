package dev.riposte.fact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The helpers rules use over and over: JSON strings in events, policy documents, IP addresses and CIDRs. */
class FactHelpersTest {

    @Test
    void jsonReaderReadsWhatPoliciesHold() {
        assertThat(Json.parse("{\"a\": [1, 2.5, \"x\\u00e9\\n\", true, false, null], \"b\": {}}"))
                .isEqualTo(Map.of("a", Arrays.asList(1L, 2.5, "xé\n", true, false, null), "b", Map.of()));
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("text after");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("unexpected end");
    }

    static final String OWN = "111122223333";

    @Test
    void policyGrantingEveryoneWithoutANarrowingConditionIsPublic() {
        PolicyDocument open = PolicyDocument.of("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
                  {"Sid": "Tls", "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "s3:GetObject", "Resource": "*",
                   "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
                  {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}},
                  {"Sid": "Wild", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                   "Condition": {"StringLike": {"aws:SourceArn": "*"}}},
                  {"Sid": "Deny", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}
                """);
        assertThat(open.grantsPublicAccess()).isTrue();
        assertThat(open.publicStatements())
                .as("TLS-only and wildcard conditions do not narrow the caller")
                .containsExactly("Read", "Tls", "Wild");

        PolicyDocument orgOnly = PolicyDocument.of(Map.of(
                "Statement",
                Map.of(
                        "Effect",
                        "Allow",
                        "Principal",
                        "*",
                        "Action",
                        "s3:GetObject",
                        "Condition",
                        Map.of("StringEquals", Map.of("AWS:SourceVpce", "vpce-1")))));
        assertThat(orgOnly.grantsPublicAccess())
                .as("one statement object, condition key case-insensitive")
                .isFalse();
    }

    @Test
    void policyGrantingAnotherAccountIsCrossAccount() {
        PolicyDocument p = PolicyDocument.of("""
                {"Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
                  {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": ["444455556666"]}, "Action": "kms:Decrypt", "Resource": "*"},
                  {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                   "Action": "kms:GenerateDataKey*", "Resource": "*"}]}
                """);
        assertThat(p.grantsPublicAccess()).isFalse();
        assertThat(p.crossAccountStatements(OWN)).containsExactly("Partner");
        assertThat(p.grantsPublicOrCrossAccount(OWN)).isTrue();
        assertThat(PolicyDocument.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
                                + "{\"AWS\": \"arn:aws:iam::111122223333:role/x\"}}]}")
                        .grantsCrossAccount(OWN))
                .isFalse();
    }

    @Test
    void notAPolicyGivesNull() {
        assertThat(PolicyDocument.of(null)).isNull();
        assertThat(PolicyDocument.of(""))
                .as("CloudTrail's empty requestParameters.policy")
                .isNull();
        assertThat(PolicyDocument.of("{not json")).isNull();
        assertThat(PolicyDocument.of(List.of())).isNull();
    }

    @Test
    void ipTests() {
        assertThat(Ip.isPublic("8.8.8.8")).isTrue();
        assertThat(Ip.isPublic("203.0.113.9"))
                .as("documentation ranges stand for public addresses")
                .isTrue();
        assertThat(Ip.isPublic("10.1.2.3")).isFalse();
        assertThat(Ip.isPublic("172.31.0.5")).isFalse();
        assertThat(Ip.isPublic("172.32.0.5")).isTrue();
        assertThat(Ip.isPublic("100.64.1.1")).isFalse();
        assertThat(Ip.isPublic("169.254.169.254")).isFalse();
        assertThat(Ip.isPublic("2600:1f18::1")).isTrue();
        assertThat(Ip.isPublic("fd00::1")).isFalse();
        assertThat(Ip.isPublic("::ffff:10.0.0.1")).as("IPv4-mapped").isFalse();
        assertThat(Ip.isPublic("AWS Internal")).isFalse();
        assertThat(Ip.isPublic("example.com")).as("never a DNS lookup").isFalse();
        assertThat(Ip.isPublic("256.1.1.1")).isFalse();

        assertThat(Ip.inCidr("10.20.30.40", "10.0.0.0/8")).isTrue();
        assertThat(Ip.inCidr("11.0.0.1", "10.0.0.0/8")).isFalse();
        assertThat(Ip.inCidr("198.51.100.7", "198.51.100.7")).isTrue();
        assertThat(Ip.inCidr("2001:db8::5", "2001:db8::/32")).isTrue();
        assertThat(Ip.inCidr("10.0.0.1", "::/0")).as("families do not mix").isFalse();
        assertThat(Ip.inCidr("10.0.0.1", "10.0.0.0/33")).isFalse();
        assertThat(Ip.inAnyCidr("192.168.1.9", List.of("10.0.0.0/8", " 192.168.0.0/16")))
                .isTrue();
        assertThat(Ip.inAnyCidr("8.8.8.8", List.of("10.0.0.0/8"))).isFalse();

        assertThat(Ip.isAwsService("AWS Internal")).isTrue();
        assertThat(Ip.isAwsService("cloudformation.amazonaws.com")).isTrue();
        assertThat(Ip.isAwsService("198.51.100.7")).isFalse();
    }

    @Test
    void eventReadsJsonStringsListsAndPolicies() {
        Map<String, Object> detail = Map.of(
                "requestParameters",
                Map.of(
                        "policyDocument",
                                "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}]}",
                        "items", List.of(Map.of("cidrIp", "0.0.0.0/0"), "not a map"),
                        "asText", "[1, 2]"));
        SecurityEvent e = Events.cloudTrail("UpdateAssumeRolePolicy")
                .id("e1")
                .at(Instant.EPOCH)
                .account(OWN)
                .outcome("success")
                .detail(detail)
                .build();
        assertThat(e.detailJson("requestParameters.policyDocument")).isInstanceOf(Map.class);
        assertThat(e.policy("requestParameters.policyDocument").grantsPublicAccess())
                .isTrue();
        assertThat(e.detailList("requestParameters.items")).hasSize(2);
        assertThat(e.detailMaps("requestParameters.items")).containsExactly(Map.of("cidrIp", "0.0.0.0/0"));
        assertThat(e.detailList("requestParameters.asText")).containsExactly(1L, 2L);
        assertThat(e.detailList("requestParameters.missing")).isEmpty();
        assertThat(e.detailJson("requestParameters.missing")).isNull();
        assertThat(e.policy("requestParameters.missing")).isNull();
    }
}
