package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.fact.ApiCall;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What real data looks like when it is not fresh from AWS: SIEM and data-lake time formats, the minimal CloudTrail
 * records of rule test cases, and the CloudTrail details the corpora showed mapped wrong. Each test here
 * failed on the normalizer before issue 20.
 */
class RealDataVariesTest {
    private final Normalizer normalizer = new Normalizer();

    private SecurityEvent one(String json) throws RejectedInputException {
        List<Normalized> out = normalizer.normalize(json);
        assertThat(out).hasSize(1);
        return out.get(0).event();
    }

    private ApiCall apiCall(String json) throws RejectedInputException {
        return (ApiCall) normalizer.normalize(json).get(0).related().get(0);
    }

    private static String record(String time) {
        return "{\"eventVersion\":\"1.08\",\"eventID\":\"e1\",\"eventName\":\"StopLogging\","
                + "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventTime\":\"" + time
                + "\",\"awsRegion\":\"us-east-1\","
                + "\"recipientAccountId\":\"111122223333\"}";
    }

    @ParameterizedTest
    @CsvSource({
        "2022-12-11 19:42:55, 2022-12-11T19:42:55Z",
        "2025-01-21 17:49:47.000000000, 2025-01-21T17:49:47Z",
        "2025-02-25 20:40:06.721, 2025-02-25T20:40:06.721Z",
        "2024-05-01T12:00:00, 2024-05-01T12:00:00Z",
        "2024-05-01T14:00:00+02:00, 2024-05-01T12:00:00Z",
        "2024-05-01 07:30:00.5-0430, 2024-05-01T12:00:00.500Z",
        "2024-05-01T12:00:00.123456Z, 2024-05-01T12:00:00.123456Z",
        "'Wed, 12 Feb 2025 00:37:54 GMT', 2025-02-12T00:37:54Z",
        "Wed Sep 04 16:59:44.356 UTC 2024, 2024-09-04T16:59:44.356Z",
        "'May 11, 2024, 08:58:10.211 AM', 2024-05-11T08:58:10.211Z"
    })
    void timesAsSiemsAndAwsServicesWriteThemAreReadAsUtc(String given, String expected) throws Exception {
        assertThat(one(record(given)).time()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aTimeThatIsNoneOfThemIsRejectedWithItsPath() {
        assertThatThrownBy(() -> normalizer.normalize(record("2024-13-01 12:00:00")))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("eventTime is not an ISO-8601 time: \"2024-13-01 12:00:00\"");
    }

    /** As a detection engineer writes it in a rule's test case: no eventVersion, no eventID. */
    private static final String MINIMAL = "{\"eventName\":\"ConsoleLogin\",\"eventSource\":\"signin.amazonaws.com\","
            + "\"eventTime\":\"2022-12-11 19:42:55\",\"userIdentity\":{\"type\":\"Root\"},"
            + "\"recipientAccountId\":\"111122223333\",\"sourceIPAddress\":\"203.0.113.7\","
            + "\"responseElements\":{\"ConsoleLogin\":\"Success\"}}";

    @Test
    void aMinimalRecordIsAcceptedWithAStableContentDerivedId() throws Exception {
        SecurityEvent e = one(MINIMAL);
        assertThat(e.source()).isEqualTo("cloudtrail");
        assertThat(e.type()).isEqualTo("ConsoleLogin");
        assertThat(e.id()).startsWith("cloudtrail-").isEqualTo(one(MINIMAL).id());
        assertThat(e.id())
                .isNotEqualTo(one(MINIMAL.replace("203.0.113.7", "203.0.113.8")).id());
        assertThat(Normalizer.forFormat("cloudtrail")
                        .normalize(MINIMAL)
                        .get(0)
                        .event()
                        .id())
                .isEqualTo(e.id());
    }

    @Test
    void theRootsArnComesFromRecipientAccountIdWhenUserIdentityHasNoAccount() throws Exception {
        SecurityEvent e = one(MINIMAL);
        assertThat(e.principal().arn()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(e.principal().account()).isEqualTo("111122223333");
        assertThat(e.principal().isRoot()).isTrue();
    }

    @Test
    void rejectionsOfRecordsNameWhatIsMissing() {
        assertThatThrownBy(() -> normalizer.normalize(
                        "{\"eventName\":\"StopLogging\",\"eventSource\":\"cloudtrail.amazonaws.com\"}"))
                .hasMessage("CloudTrail record without eventTime");
        assertThatThrownBy(() -> normalizer.normalize("{\"eventName\":\"StopLogging\"}"))
                .hasMessage("unknown event shape: a CloudTrail record needs eventName and eventSource or eventTime "
                        + "(keys: \"eventName\")");
    }

    @Test
    void mfaIsUsedWhenTheSessionWasMfaAuthenticatedEvenIfTheSwitchSaysNo() throws Exception {
        String roleSwitch = "{\"eventVersion\":\"1.08\",\"eventID\":\"sw1\",\"eventName\":\"SwitchRole\","
                + "\"eventSource\":\"signin.amazonaws.com\",\"eventTime\":\"2024-05-01T12:00:00Z\","
                + "\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/alice\","
                + "\"sessionContext\":{\"attributes\":{\"mfaAuthenticated\":\"true\"}}},"
                + "\"additionalEventData\":{\"MFAUsed\":\"No\"}}";
        assertThat(apiCall(roleSwitch).mfaUsed()).isTrue();
        assertThat(apiCall(roleSwitch.replace("\"mfaAuthenticated\":\"true\"", "\"mfaAuthenticated\":\"false\""))
                        .mfaUsed())
                .isFalse();
        assertThat(apiCall(roleSwitch.replace("\"No\"", "\"Yes\"").replace("\"true\"", "\"false\""))
                        .mfaUsed())
                .isTrue();
    }

    @Test
    void aTrailArnInAnotherRegionKeepsThatRegionAndAccount() throws Exception {
        SecurityEvent e = one("{\"eventVersion\":\"1.08\",\"eventID\":\"t1\",\"eventName\":\"StopLogging\","
                + "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventTime\":\"2024-05-01T12:00:00Z\",\"awsRegion\":\"us-east-1\","
                + "\"recipientAccountId\":\"111122223333\",\"requestParameters\":{\"name\":"
                + "\"arn:aws:cloudtrail:eu-west-3:444455556666:trail/org-trail\"}}");
        assertThat(e.resources()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("AWS::CloudTrail::Trail");
            assertThat(r.id()).isEqualTo("org-trail");
            assertThat(r.region()).isEqualTo("eu-west-3");
            assertThat(r.account()).isEqualTo("444455556666");
        });
    }

    @Test
    void networkActivityEventsNameTheVpcEndpoint() throws Exception {
        SecurityEvent e = one("{\"eventVersion\":\"1.11\",\"eventID\":\"n1\",\"eventName\":\"ListKeys\","
                + "\"eventSource\":\"kms.amazonaws.com\",\"eventCategory\":\"NetworkActivity\",\"eventTime\":\"2024-05-01T12:00:00Z\","
                + "\"awsRegion\":\"us-east-1\",\"recipientAccountId\":\"111122223333\",\"vpcEndpointId\":\"vpce-0123456789abcdef0\","
                + "\"vpcEndpointAccountId\":\"111122223333\",\"errorCode\":\"VpceAccessDenied\"}");
        assertThat(e.outcome()).isEqualTo("failure");
        assertThat(e.resources()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("AWS::EC2::VPCEndpoint");
            assertThat(r.arn()).isEqualTo("arn:aws:ec2:us-east-1:111122223333:vpc-endpoint/vpce-0123456789abcdef0");
        });
    }
}
