package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.Events;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded context (replay's context file): served per event without AWS, and bad files rejected with a reason. */
class RecordedContextTest {
    @TempDir
    Path dir;

    Path file(String json) throws Exception {
        return Files.writeString(dir.resolve("context.json"), json);
    }

    static SecurityEvent event(Principal p, Resource... resources) {
        return Events.guardDuty("Backdoor:EC2/C&CActivity.B")
                .id("evt-9")
                .severity(8.0)
                .principal(p)
                .resources(resources)
                .build();
    }

    @Test
    void anEventGetsTheRecordedContextOfItsInstanceAndPrincipal() throws Exception {
        RecordedContext ctx = RecordedContext.read(file("""
                {"instances": {"i-0123456789abcdef0": {"state": "running", "tags": {"env": "prod"}, "securityGroups": ["sg-1"],
                                                       "roleName": "web-role"}},
                 "principals": {"user/alice": {"arn": "arn:aws:iam::111122223333:user/alice", "admin": true,
                                               "accessKeys": [{"id": "AKIAIOSFODNN7EXAMPLE", "status": "Active",
                                                               "lastUsed": "2024-04-30T09:00:00Z"}]}}}
                """));
        SecurityEvent e = event(
                new Principal("arn:aws:iam::111122223333:user/alice", "IAMUser", "alice", null, null, null),
                new Resource("AWS::EC2::Instance", "i-0123456789abcdef0", null, null, null, Map.of()),
                new Resource("AWS::EC2::Instance", "i-0fedcba9876543210", null, null, null, Map.of()));
        List<Object> facts = ctx.investigate(e);
        assertThat(facts).hasSize(2);
        InstanceContext i = (InstanceContext) facts.get(0);
        assertThat(i.eventId()).isEqualTo("evt-9");
        assertThat(i.instanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(i.isProduction()).isTrue();
        assertThat(i.roleName()).isEqualTo("web-role");
        PrincipalContext p = (PrincipalContext) facts.get(1);
        assertThat(p.eventId()).isEqualTo("evt-9");
        assertThat(p.name()).isEqualTo("alice");
        assertThat(p.admin()).isTrue();
        assertThat(p.accessKey("AKIAIOSFODNN7EXAMPLE").lastUsed()).isEqualTo(Instant.parse("2024-04-30T09:00:00Z"));
        assertThat(ctx.investigate(event(null))).isEmpty();
    }

    @Test
    void anEventGetsTheRecordedRelatedFindingsOfItsInstanceKeyAndUserMostSevereFirst() throws Exception {
        RecordedContext ctx = RecordedContext.read(file("""
                {"findings": {
                   "instance/i-0123456789abcdef0": [
                     {"source": "guardduty", "id": "evt-9", "type": "Backdoor:EC2/C&CActivity.B", "severity": 8.0},
                     {"source": "securityhub", "id": "sh-1", "type": "EC2.19", "severity": 7.0, "title": "open ports"},
                     {"source": "guardduty", "id": "gd-2", "type": "CryptoCurrency:EC2/BitcoinTool.B", "severity": 9.5,
                      "updatedAt": "2024-04-29T08:00:00Z"}],
                   "user/alice": [{"source": "guardduty", "id": "gd-3", "type": "Recon:IAMUser/MaliciousIPCaller", "severity": 2.0}],
                   "access-key/AKIAOTHER": [{"source": "guardduty", "id": "gd-4", "type": "x", "severity": 9.0}]}}
                """));
        SecurityEvent e = event(
                new Principal(
                        "arn:aws:iam::111122223333:user/alice", "IAMUser", "alice", "AKIAIOSFODNN7EXAMPLE", null, null),
                new Resource("AWS::EC2::Instance", "i-0123456789abcdef0", null, null, null, Map.of()));
        List<Object> facts = ctx.investigate(e);
        assertThat(facts).hasSize(2);
        RelatedFindings instance = (RelatedFindings) facts.get(0);
        assertThat(instance.eventId()).isEqualTo("evt-9");
        assertThat(instance.subject()).isEqualTo("instance/i-0123456789abcdef0");
        assertThat(instance.related())
                .extracting(RelatedFindings.Finding::id)
                .as("its own finding left out, most severe first")
                .containsExactly("gd-2", "sh-1");
        assertThat(instance.severe()).isEqualTo(2);
        assertThat(instance.top().get(0).updatedAt()).isEqualTo(Instant.parse("2024-04-29T08:00:00Z"));
        assertThat(((RelatedFindings) facts.get(1)).subject()).isEqualTo("user/alice");
        assertThat(((RelatedFindings) facts.get(1)).severe()).isZero();

        assertThatThrownBy(() -> RecordedContext.read(file("{\"findings\": {\"bucket/x\": []}}")))
                .hasMessageContaining("findings key \"bucket/x\" must be instance/i-ID, access-key/ID or user/NAME");
        assertThatThrownBy(
                        () -> RecordedContext.read(file("{\"findings\": {\"user/bob\": [{\"severity\": \"high\"}]}}")))
                .hasMessageContaining("findings.user/bob[0]");
    }

    @Test
    void anAssumedRoleSessionGetsItsRolesContext() throws Exception {
        RecordedContext ctx = RecordedContext.read(file(
                "{\"principals\": {\"role/BreakGlass\": {\"arn\": \"arn:aws:iam::111122223333:role/BreakGlass\"}}}"));
        List<Object> facts = ctx.investigate(event(new Principal(
                "arn:aws:sts::111122223333:assumed-role/BreakGlass/jane",
                "AssumedRole",
                "BreakGlass",
                null,
                null,
                null)));
        assertThat(((PrincipalContext) facts.get(0)).isBreakGlass()).isTrue();
        assertThat(((PrincipalContext) facts.get(0)).isRole()).isTrue();
    }

    @Test
    void anEventGetsItsBucketsContextAndTheActivityOfItsKeyBeforeItsUserOrIp() throws Exception {
        RecordedContext ctx = RecordedContext.read(file("""
                {"buckets": {"example-bucket": {"policyPublic": true, "publicGrants": ["AllUsers:READ"],
                                                "accountBlock": {"blockPublicAcls": true, "ignorePublicAcls": true,
                                                                 "blockPublicPolicy": true, "restrictPublicBuckets": true}}},
                 "activity": {"user/alice": {"events": 3},
                              "accessKey/AKIAIOSFODNN7EXAMPLE": {"events": 14, "baselineEvents": 200,
                                                                 "newSourceIps": ["203.0.113.77"]},
                              "ip/198.51.100.7": {"events": 1}}}
                """));
        SecurityEvent e = event(
                new Principal(
                        "arn:aws:iam::111122223333:user/alice",
                        "IAMUser",
                        "alice",
                        "AKIAIOSFODNN7EXAMPLE",
                        "198.51.100.7",
                        null),
                new Resource("AWS::S3::Bucket", "example-bucket", null, null, null, Map.of()));
        List<Object> facts = ctx.investigate(e);
        assertThat(facts).hasSize(2);
        BucketContext b = (BucketContext) facts.get(0);
        assertThat(b.eventId()).isEqualTo("evt-9");
        assertThat(b.bucket()).isEqualTo("example-bucket");
        assertThat(b.isFullyBlocked()).isTrue();
        assertThat(b.isPublic())
                .as("the account block neutralises policy and ACL")
                .isFalse();
        ActivitySummary a = (ActivitySummary) facts.get(1);
        assertThat(a.subject()).isEqualTo("accessKey/AKIAIOSFODNN7EXAMPLE");
        assertThat(a.eventId()).isEqualTo("evt-9");
        assertThat(a.isFromNewSourceIp()).isTrue();

        SecurityEvent byIp =
                event(new Principal("arn:aws:iam::111122223333:root", "Root", null, null, "198.51.100.7", null));
        assertThat(ctx.investigate(byIp))
                .singleElement()
                .satisfies(f -> assertThat(((ActivitySummary) f).subject()).isEqualTo("ip/198.51.100.7"));
        assertThatThrownBy(() -> RecordedContext.read(file("{\"activity\": {\"AKIA1\": {}}}")))
                .hasMessageContaining("must be accessKey/ID, user/NAME, instance/i-ID or ip/ADDRESS");
    }

    @Test
    void anEc2FindingGetsTheActivityOfItsInstancesRoleRatherThanOfItsRemotePeer() throws Exception {
        RecordedContext ctx = RecordedContext.read(file("""
                {"activity": {"ip/203.0.113.50": {"events": 1},
                              "instance/i-0abcdef1234567890": {"events": 7, "callsByService": {"s3": 7}}}}
                """));
        Resource instance = new Resource("AWS::EC2::Instance", "i-0abcdef1234567890", null, null, null, Map.of());
        SecurityEvent finding = event(new Principal(null, "Unknown", null, null, "203.0.113.50", null), instance);
        assertThat(ctx.investigate(finding)).singleElement().isInstanceOfSatisfying(ActivitySummary.class, a -> {
            assertThat(a.subject()).isEqualTo("instance/i-0abcdef1234567890");
            assertThat(a.kind()).isEqualTo("instance");
            assertThat(a.calls("s3")).isEqualTo(7);
        });
        // a named caller acting on the instance is the subject, not the instance's own role
        SecurityEvent byRoot = event(
                new Principal("arn:aws:iam::111122223333:root", "Root", null, null, "203.0.113.50", null), instance);
        assertThat(ctx.investigate(byRoot))
                .singleElement()
                .satisfies(f -> assertThat(((ActivitySummary) f).subject()).isEqualTo("ip/203.0.113.50"));
    }

    @Test
    void aBadFileIsRejectedWithWhereAndWhy() throws Exception {
        assertThatThrownBy(() -> RecordedContext.read(file("[]"))).hasMessageContaining("must hold a JSON object");
        assertThatThrownBy(() -> RecordedContext.read(file("{\"instance\": {}}")))
                .hasMessageContaining("unknown key \"instance\"");
        assertThatThrownBy(() -> RecordedContext.read(file("{\"principals\": {\"alice\": {}}}")))
                .hasMessageContaining("must be user/NAME or role/NAME");
        assertThatThrownBy(() -> RecordedContext.read(file("{\"instances\": {\"i-1\": {\"tagz\": {}}}}")))
                .hasMessageContaining("instances.i-1")
                .hasMessageContaining("tagz");
        assertThatThrownBy(() -> RecordedContext.read(dir.resolve("missing.json")))
                .hasMessageContaining("not readable");
    }
}
