package dev.riposte.aws.investigate.cloudtrail;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static dev.riposte.aws.client.RestWire.jsonOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.investigate.AwsInvestigator;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.Events;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cloudtrail:recent-activity against a local CloudTrail (JSON 1.1): the lookup sent, paging, bounds and the summary. */
class ActivityStepTest {
    static final String OP = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
    static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestWire aws = new RestWire();
    private final ActivityStep step = new ActivityStep(
            aws.clients(),
            new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(24), 500),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        aws.close();
    }

    static SecurityEvent keyFinding() {
        Resource key = new Resource("AWS::IAM::AccessKey", KEY, null, Events.ACCOUNT, "us-east-1", Map.of());
        Principal p = new Principal(
                "arn:aws:iam::111122223333:user/alice", "IAMUser", "alice", KEY, "198.51.100.9", Events.ACCOUNT);
        return Events.guardDuty("UnauthorizedAccess:IAMUser/TorIPCaller")
                .id("evt-key")
                .at(NOW)
                .severity(5.0)
                .principal(p)
                .resources(key)
                .build();
    }

    static ActionContext ctx(SecurityEvent e) {
        return new ActionContext(ActionCommand.of(ActivityStep.NAME, null), e, e.account(), e.region());
    }

    /** A LookupEvents event of {@code call} ({@code service:EventName}) from {@code ip} in us-east-1, no error. */
    static String event(String id, Instant time, String call, String ip) {
        return event(id, time, call, ip, "us-east-1", null);
    }

    /** A LookupEvents event as CloudTrail answers it: lookup fields plus the record as a JSON string. */
    static String event(String id, Instant time, String call, String ip, String region, String errorCode) {
        String source = call.substring(0, call.indexOf(':')) + ".amazonaws.com";
        String name = call.substring(call.indexOf(':') + 1);
        String record = "{\"eventVersion\":\"1.08\",\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source
                + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"" + ip
                + "\""
                + (errorCode == null ? "" : ",\"errorCode\":\"" + errorCode + "\"") + "}";
        return "{\"EventId\":\"" + id + "\",\"EventName\":\"" + name + "\",\"ReadOnly\":\"true\",\"AccessKeyId\":\""
                + KEY
                + "\",\"EventTime\":" + time.getEpochSecond() + ",\"EventSource\":\"" + source
                + "\",\"Username\":\"alice\","
                + "\"Resources\":[],\"CloudTrailEvent\":" + quote(record) + "}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String page(String nextToken, String... events) {
        return "{\"Events\":[" + String.join(",", events) + "]"
                + (nextToken == null ? "" : ",\"NextToken\":\"" + nextToken + "\"") + "}";
    }

    JsonNode body(int i) throws Exception {
        return JSON.readTree(aws.requests().get(i).getBodyAsString());
    }

    @Test
    void targetsTheAccessKeyThenTheUserThenTheInstanceThenTheSourceIp() {
        assertThat(step.targets(keyFinding())).containsExactly("accessKey/" + KEY);
        Principal user = new Principal(
                "arn:aws:iam::111122223333:user/bob", "IAMUser", "bob", null, "198.51.100.9", Events.ACCOUNT);
        SecurityEvent byUser =
                Events.cloudTrail("CreateUser").id("e").at(NOW).principal(user).build();
        assertThat(step.targets(byUser)).containsExactly("user/bob");
        Principal root =
                new Principal("arn:aws:iam::111122223333:root", "Root", null, null, "198.51.100.9", Events.ACCOUNT);
        SecurityEvent byIp = Events.cloudTrail("ConsoleLogin")
                .id("e")
                .at(NOW)
                .principal(root)
                .build();
        assertThat(step.targets(byIp)).containsExactly("ip/198.51.100.9");
        SecurityEvent probe = Events.guardDuty("Recon:EC2/PortProbeUnprotectedPort")
                .id("e")
                .at(NOW)
                .severity(2.0)
                .resources(Events.instance("i-0123456789abcdef0", "us-east-1"))
                .build();
        assertThat(step.targets(probe)).containsExactly("instance/i-0123456789abcdef0");
        SecurityEvent nothing = Events.event("custom", "Something")
                .id("e")
                .at(NOW)
                .severity(2.0)
                .build();
        assertThat(step.targets(nothing)).isEmpty();
    }

    @Test
    void anEc2FindingWithoutACallerTargetsItsInstancesRoleSessionNotItsRemotePeer() {
        Resource instance = Events.instance("i-0123456789abcdef0", "us-east-1");
        Principal peer = new Principal(null, "Unknown", null, null, "203.0.113.50", null);
        assertThat(step.targets(ec2Finding(peer, instance))).containsExactly("instance/i-0123456789abcdef0");
        // a caller CloudTrail names acted on the instance: its own activity is the subject, not the instance's role
        Principal root =
                new Principal("arn:aws:iam::111122223333:root", "Root", null, null, "198.51.100.9", Events.ACCOUNT);
        assertThat(step.targets(ec2Finding(root, instance))).containsExactly("ip/198.51.100.9");
        // a key (GuardDuty's InstanceCredentialExfiltration names the instance's session key) stays the most specific
        Principal session = new Principal(
                null, "AssumedRole", "web-server-role", "ASIAEXAMPLESESSION01", "198.51.100.9", Events.ACCOUNT);
        assertThat(step.targets(ec2Finding(session, instance))).containsExactly("accessKey/ASIAEXAMPLESESSION01");
    }

    static SecurityEvent ec2Finding(Principal p, Resource instance) {
        return Events.guardDuty("UnauthorizedAccess:EC2/TorClient")
                .id("evt-tor")
                .at(NOW)
                .severity(8.0)
                .principal(p)
                .resources(instance)
                .build();
    }

    @Test
    void anInstanceIsLookedUpByItsRoleSessionNameOverBaselineAndWindow() throws Exception {
        String id = "i-0123456789abcdef0";
        Instant recent = NOW.minus(Duration.ofMinutes(20));
        Instant earlier = NOW.minus(Duration.ofHours(6));
        aws.stub(
                jsonOp(OP),
                json(
                        200,
                        page(
                                null,
                                event("e1", recent, "s3:ListBuckets", "198.51.100.7"),
                                event("e2", recent, "iam:ListRoles", "198.51.100.7", "us-east-1", "AccessDenied"),
                                event("e3", earlier, "s3:ListBuckets", "10.0.1.25"))));
        SecurityEvent finding = ec2Finding(
                new Principal(null, "Unknown", null, null, "203.0.113.50", null), Events.instance(id, "us-east-1"));

        ActivitySummary s = (ActivitySummary)
                step.gather(ctx(finding), step.targets(finding).get(0), p -> {});

        assertThat(aws.targets()).containsExactly(OP);
        JsonNode sent = body(0);
        assertThat(sent.get("LookupAttributes")).hasSize(1);
        assertThat(sent.get("LookupAttributes").get(0).get("AttributeKey").asText())
                .isEqualTo("Username");
        assertThat(sent.get("LookupAttributes").get(0).get("AttributeValue").asText())
                .isEqualTo(id);
        assertThat(Instant.ofEpochSecond(sent.get("StartTime").asLong())).isEqualTo(NOW.minus(Duration.ofHours(25)));
        assertThat(Instant.ofEpochSecond(sent.get("EndTime").asLong())).isEqualTo(NOW);
        assertThat(sent.get("MaxResults").asInt()).isEqualTo(50);
        assertThat(sent.has("NextToken")).isFalse();

        assertThat(s.eventId()).isEqualTo("evt-tor");
        assertThat(s.subject()).isEqualTo("instance/" + id);
        assertThat(s.kind()).isEqualTo("instance");
        assertThat(s.subjectId()).isEqualTo(id);
        assertThat(s.events()).isEqualTo(2);
        assertThat(s.baselineEvents()).isEqualTo(1);
        assertThat(s.callsByService()).containsExactly(Map.entry("iam", 1), Map.entry("s3", 1));
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.newSourceIps()).containsExactly("198.51.100.7");
        assertThat(s.isFromNewSourceIp()).isTrue();
        assertThat(s.firstTimeActions()).containsExactly("iam:ListRoles");
    }

    @Test
    void looksUpTheKeyOverBaselineAndWindowAcrossPagesAndSummarises() throws Exception {
        Instant recent = NOW.minus(Duration.ofMinutes(10));
        Instant earlier = NOW.minus(Duration.ofHours(5));
        aws.stub(
                jsonOp(OP).withRequestBody(notContaining("NextToken")),
                json(
                        200,
                        page(
                                "token-2",
                                event("e1", recent, "iam:CreateUser", "203.0.113.50"),
                                event("e2", recent, "iam:ListUsers", "198.51.100.9"),
                                event("e3", recent, "s3:GetObject", "203.0.113.50", "eu-west-1", "AccessDenied"))));
        aws.stub(
                jsonOp(OP).withRequestBody(containing("\"NextToken\":\"token-2\"")),
                json(
                        200,
                        page(
                                null,
                                event("e4", earlier, "iam:ListUsers", "198.51.100.9"),
                                event("e5", earlier, "sts:GetCallerIdentity", "AWS Internal"))));

        ActivitySummary s = (ActivitySummary) step.gather(ctx(keyFinding()), "accessKey/" + KEY, p -> {});

        JsonNode first = body(0);
        assertThat(first.get("LookupAttributes").get(0).get("AttributeKey").asText())
                .isEqualTo("AccessKeyId");
        assertThat(first.get("LookupAttributes").get(0).get("AttributeValue").asText())
                .isEqualTo(KEY);
        assertThat(Instant.ofEpochSecond(first.get("StartTime").asLong())).isEqualTo(NOW.minus(Duration.ofHours(25)));
        assertThat(Instant.ofEpochSecond(first.get("EndTime").asLong())).isEqualTo(NOW);
        assertThat(first.get("MaxResults").asInt()).isEqualTo(50);
        assertThat(body(1).get("NextToken").asText()).isEqualTo("token-2");
        assertThat(body(1).get("LookupAttributes")).isEqualTo(first.get("LookupAttributes"));
        assertThat(aws.targets()).containsExactly(OP, OP);

        assertThat(s.eventId()).isEqualTo("evt-key");
        assertThat(s.subject()).isEqualTo("accessKey/" + KEY);
        assertThat(s.kind()).isEqualTo("accessKey");
        assertThat(s.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(s.to()).isEqualTo(NOW);
        assertThat(s.events()).isEqualTo(3);
        assertThat(s.baselineEvents()).isEqualTo(2);
        assertThat(s.callsByService()).containsExactly(Map.entry("iam", 2), Map.entry("s3", 1));
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.regions()).containsExactly("eu-west-1", "us-east-1");
        assertThat(s.sourceIps()).containsExactly("198.51.100.9", "203.0.113.50");
        assertThat(s.newSourceIps()).containsExactly("203.0.113.50");
        assertThat(s.isFromNewSourceIp()).isTrue();
        assertThat(s.firstTimeActions()).containsExactly("iam:CreateUser", "s3:GetObject");
        assertThat(s.truncated()).isFalse();
    }

    @Test
    void stopsAtMaxEventsAndSaysTheSummaryIsTruncated() throws Exception {
        ActivityStep small = new ActivityStep(
                aws.clients(),
                new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(24), 3),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Instant t = NOW.minus(Duration.ofMinutes(5));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(event("e" + i, t, "ec2:DescribeInstances", "203.0.113.50"));
        }
        aws.stub(jsonOp(OP), json(200, page("more", events.toArray(String[]::new))));

        ActivitySummary s = (ActivitySummary) small.gather(ctx(keyFinding()), "user/alice", p -> {});

        assertThat(aws.requests()).hasSize(1);
        assertThat(body(0).get("MaxResults").asInt()).isEqualTo(3);
        assertThat(body(0).get("LookupAttributes").get(0).get("AttributeKey").asText())
                .isEqualTo("Username");
        assertThat(s.truncated()).isTrue();
        assertThat(s.events()).isEqualTo(3);
        assertThat(s.isFromNewSourceIp())
                .as("no baseline read: nothing to call new")
                .isFalse();
    }

    @Test
    void anIpIsLookedUpWithoutAttributeAndFilteredHere() throws Exception {
        Instant t = NOW.minus(Duration.ofMinutes(5));
        aws.stub(
                jsonOp(OP),
                json(
                        200,
                        page(
                                null,
                                event("e1", t, "iam:ListUsers", "198.51.100.9"),
                                event("e2", t, "iam:CreateUser", "203.0.113.50"))));

        ActivitySummary s = (ActivitySummary) step.gather(ctx(keyFinding()), "ip/198.51.100.9", p -> {});

        assertThat(body(0).has("LookupAttributes")).isFalse();
        assertThat(s.events()).isEqualTo(1);
        assertThat(s.firstTimeActions()).containsExactly("iam:ListUsers");
    }

    @Test
    void anUnknownSubjectIsRejected() {
        assertThatThrownBy(() -> step.gather(ctx(keyFinding()), "role/x", p -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accessKey/ID");
    }

    @Test
    void badSettingsAreRejectedWithTheirKeys() {
        assertThatThrownBy(() -> new ActivityStep.Settings(Duration.ZERO, Duration.ofHours(1), 10))
                .hasMessageContaining("riposte.investigate.activity-window");
        assertThatThrownBy(() -> new ActivityStep.Settings(Duration.ofHours(1), Duration.ofDays(90), 10))
                .hasMessageContaining("90 days");
        assertThatThrownBy(() -> new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(1), 0))
                .hasMessageContaining("riposte.investigate.activity-max-events");
    }

    @Test
    void aFailedOrSlowLookupMarksTheInvestigationIncompleteAndNothingIsCached() {
        aws.stub(
                jsonOp(OP),
                jsonError(400, "AccessDeniedException", "not authorized to perform cloudtrail:LookupEvents"));
        List<Object> facts;
        try (AwsInvestigator inv = new AwsInvestigator(List.of(step), Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            facts = inv.investigate(keyFinding());
        }
        assertThat(facts).singleElement().isInstanceOfSatisfying(InvestigationIncomplete.class, i -> {
            assertThat(i.step()).isEqualTo("cloudtrail:recent-activity accessKey/" + KEY);
            assertThat(i.reason()).contains("AccessDeniedException");
        });

        aws.stub(jsonOp(OP), json(200, page(null)).withFixedDelay(1500));
        List<Object> slow;
        try (AwsInvestigator inv = new AwsInvestigator(List.of(step), Duration.ofMillis(300), Duration.ofMinutes(5))) {
            slow = inv.investigate(keyFinding());
        }
        assertThat(slow)
                .singleElement()
                .isInstanceOfSatisfying(
                        InvestigationIncomplete.class,
                        i -> assertThat(i.reason()).startsWith("timed out"));
    }

    @Test
    void aKeysSummaryIsCachedAndRestampedForTheNextFinding() {
        aws.stub(
                jsonOp(OP),
                json(200, page(null, event("e1", NOW.minus(Duration.ofMinutes(5)), "iam:ListUsers", "203.0.113.50"))));
        SecurityEvent second = Events.guardDuty("UnauthorizedAccess:IAMUser/TorIPCaller")
                .id("evt-key-2")
                .at(NOW)
                .severity(5.0)
                .principal(keyFinding().principal())
                .resources(keyFinding().resources())
                .build();
        try (AwsInvestigator inv = new AwsInvestigator(List.of(step), Duration.ofSeconds(10), Duration.ofMinutes(5))) {
            ActivitySummary first =
                    (ActivitySummary) inv.investigate(keyFinding()).get(0);
            ActivitySummary again = (ActivitySummary) inv.investigate(second).get(0);
            assertThat(first.eventId()).isEqualTo("evt-key");
            assertThat(again.eventId()).isEqualTo("evt-key-2");
            assertThat(again.withEventId("evt-key")).isEqualTo(first);
        }
        assertThat(aws.requests()).hasSize(1);
    }
}
