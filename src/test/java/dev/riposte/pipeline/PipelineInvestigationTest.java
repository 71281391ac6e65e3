package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.aws.action.ec2.IsolateInstance;
import dev.riposte.aws.action.iam.DeactivateAccessKey;
import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.investigate.AwsInvestigator;
import dev.riposte.aws.investigate.InvestigationStep;
import dev.riposte.aws.investigate.InvestigationXml;
import dev.riposte.aws.investigate.cloudtrail.ActivityStep;
import dev.riposte.aws.investigate.ec2.InstanceContextStep;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.normalize.Normalizer;
import dev.riposte.notify.LogNotification;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GuardDuty EC2 finding through the whole pipeline with the built-in rules and the AWS investigation against
 * WireMock: context gathered before the rules decide, the decision depending on it, and the report a human reads.
 */
class PipelineInvestigationTest {
    static final String INSTANCE = "i-0abcdef1234567890";
    static final String ISOLATE = "GuardDuty EC2 compromise: isolate instance";
    static final String LOOKUP_EVENTS = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
    static final String APPROVAL = "Production instance compromise: ask for approval instead of isolating";
    final ObjectMapper json = new ObjectMapper();
    final AwsWire wire = new AwsWire();

    @TempDir
    Path reports;

    @AfterEach
    void close() {
        wire.close();
    }

    Pipeline.Result run() throws Exception {
        return run(List.of(new InstanceContextStep(wire.clients())));
    }

    Pipeline.Result run(List<InvestigationStep> steps) throws Exception {
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new IsolateInstance(wire.clients()), new LogNotification())),
                DispatchSettings.defaults());
        ObjectNode finding = (ObjectNode) json.readTree(
                Files.readString(Path.of("src/test/resources/normalize/guardduty-ec2-eventbridge/input.json")));
        ((ObjectNode) finding.get("detail")).put("severity", 8); // the isolation rule acts on high severity
        try (AwsInvestigator investigator = new AwsInvestigator(steps, Duration.ofSeconds(20), Duration.ofMinutes(5));
                Pipeline p = Pipeline.builder(
                                new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), true, true)
                        .investigating(investigator, new InvestigationReports(reports))
                        .build()) {
            return p.process(finding, "finding.json");
        }
    }

    void instance(Map<String, String> tags) {
        wire.ok("DescribeInstances", InvestigationXml.describeInstance(INSTANCE, tags, List.of("sg-web", "sg-db")))
                .ok("DescribeSecurityGroups", InvestigationXml.describeSecurityGroups())
                .ok("GetInstanceProfile", InvestigationXml.getInstanceProfile("web-role"));
    }

    JsonNode jsonReport(AuditRecord r) throws Exception {
        assertThat(r.report()).endsWith(".md");
        return json.readTree(Path.of(r.report().replaceAll("\\.md$", ".json")).toFile());
    }

    /** A LookupEvents event as CloudTrail answers it for the instance profile's session (named after the instance). */
    static String trailEvent(String id, Instant time, String source, String name, String ip, String errorCode) {
        String record = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAEXAMPLEROLEID0001:" + INSTANCE
                + "\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/web-role/" + INSTANCE
                + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\""
                + (errorCode == null ? "" : ",\"errorCode\":\"" + errorCode + "\"") + "}";
        try {
            return "{\"EventId\":\"" + id + "\",\"EventName\":\"" + name + "\",\"ReadOnly\":\"true\",\"AccessKeyId\":"
                    + "\"ASIAEXAMPLESESSION01\",\"EventTime\":" + time.getEpochSecond() + ",\"EventSource\":\"" + source
                    + "\",\"Username\":\"" + INSTANCE + "\",\"Resources\":[],\"CloudTrailEvent\":"
                    + new ObjectMapper().writeValueAsString(record) + "}";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReportNamesTheInstancesTagsGroupsAndRoleAndItsRecentActivityAndTheIsolationPlanned() throws Exception {
        instance(Map.of("Name", "web-1", "team", "payments"));
        Instant now = Instant.parse("2024-05-01T12:10:00Z");
        Pipeline.Result r;
        try (RestWire cloudTrail = new RestWire()) {
            cloudTrail.stub(
                    RestWire.jsonOp(LOOKUP_EVENTS),
                    RestWire.json(
                            200,
                            "{\"Events\":["
                                    + trailEvent(
                                            "e1",
                                            now.minus(Duration.ofMinutes(10)),
                                            "s3.amazonaws.com",
                                            "ListBuckets",
                                            "198.51.100.7",
                                            null)
                                    + ","
                                    + trailEvent(
                                            "e2",
                                            now.minus(Duration.ofMinutes(9)),
                                            "iam.amazonaws.com",
                                            "ListRoles",
                                            "198.51.100.7",
                                            "AccessDenied")
                                    + ","
                                    + trailEvent(
                                            "e3",
                                            now.minus(Duration.ofHours(3)),
                                            "s3.amazonaws.com",
                                            "ListBuckets",
                                            "10.0.1.25",
                                            null)
                                    + "]}"));
            r = run(List.of(
                    new InstanceContextStep(wire.clients()),
                    new ActivityStep(
                            cloudTrail.clients(),
                            new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(24), 100),
                            Clock.fixed(now, ZoneOffset.UTC))));
            // the instance's role credentials, looked up by their session name: the instance id
            assertThat(cloudTrail.requests()).singleElement().satisfies(q -> {
                JsonNode sent = json.readTree(q.getBodyAsString());
                assertThat(sent.path("LookupAttributes")
                                .get(0)
                                .path("AttributeKey")
                                .asText())
                        .isEqualTo("Username");
                assertThat(sent.path("LookupAttributes")
                                .get(0)
                                .path("AttributeValue")
                                .asText())
                        .isEqualTo(INSTANCE);
            });
        }
        assertThat(r.rulesFired()).containsExactly(ISOLATE);
        AuditRecord isolate = r.records().get(0);
        assertThat(isolate.action()).isEqualTo("ec2:isolate-instance");
        assertThat(isolate.outcome()).isEqualTo(Outcome.PLANNED);

        String md = Files.readString(Path.of(isolate.report()));
        assertThat(md)
                .contains(
                        "EC2 instance " + INSTANCE,
                        "Name=web-1",
                        "team=payments",
                        "sg-web, sg-db",
                        "sg-web tcp 22-22 0.0.0.0/0",
                        "Role: web-role",
                        "Production: no",
                        ISOLATE,
                        "`ec2:isolate-instance`",
                        "**planned**")
                .doesNotContain("## Incomplete");
        assertThat(md)
                .contains(
                        "Recent CloudTrail activity of instance/" + INSTANCE,
                        "Subject: the role credentials of EC2 instance " + INSTANCE,
                        "Calls: 2 (iam 1, s3 1), errors: 1",
                        "Source IPs: 198.51.100.7; new: 198.51.100.7",
                        "First-time actions: iam:ListRoles");
        JsonNode report = jsonReport(isolate);
        assertThat(report.path("complete").asBoolean()).isTrue();
        JsonNode ctx = report.path("context").get(0);
        assertThat(ctx.path("kind").asText()).isEqualTo("InstanceContext");
        assertThat(ctx.path("fact").path("tags").path("team").asText()).isEqualTo("payments");
        assertThat(ctx.path("fact").path("securityGroups").toString()).isEqualTo("[\"sg-web\",\"sg-db\"]");
        assertThat(ctx.path("fact").path("roleName").asText()).isEqualTo("web-role");
        JsonNode activity = report.path("context").get(1);
        assertThat(activity.path("kind").asText()).isEqualTo("ActivitySummary");
        assertThat(activity.path("fact").path("subject").asText()).isEqualTo("instance/" + INSTANCE);
        assertThat(activity.path("fact").path("callsByService").toString()).isEqualTo("{\"iam\":1,\"s3\":1}");
        assertThat(activity.path("fact").path("errors").asInt()).isEqualTo(1);
        assertThat(activity.path("fact").path("newSourceIps").toString()).isEqualTo("[\"198.51.100.7\"]");
        assertThat(report.path("actions").get(0).path("outcome").asText()).isEqualTo("planned");
    }

    @Test
    void aProductionInstanceGetsAnApprovalRequestInsteadOfIsolation() throws Exception {
        instance(Map.of("Environment", "prod"));
        Pipeline.Result r = run();
        assertThat(r.rulesFired()).containsExactly(APPROVAL);
        assertThat(r.records()).extracting(AuditRecord::action).containsExactly("notify:log");
        assertThat((String) r.records().get(0).params().get("message"))
                .startsWith("approval needed: isolate production instance " + INSTANCE);
        assertThat(Files.readString(Path.of(r.records().get(0).report()))).contains("Production: yes", APPROVAL);
        // investigation only reads: nothing was sent to EC2 that would change the instance
        assertThat(wire.actions()).containsOnly("DescribeInstances", "DescribeSecurityGroups", "GetInstanceProfile");
    }

    @Test
    void aFailedContextCallYieldsAnIncompleteReportAndTheRemediationStillRuns() throws Exception {
        wire.answer("DescribeInstances", 403, AwsWire.ec2Error("UnauthorizedOperation", "not authorized"));
        Pipeline.Result r = run();
        assertThat(r.rulesFired()).containsExactly(ISOLATE);
        AuditRecord isolate = r.records().get(0);
        assertThat(isolate.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(Files.readString(Path.of(isolate.report())))
                .contains(
                        "## Incomplete",
                        "ec2:instance-context " + INSTANCE + ": UnauthorizedOperation",
                        "No context was gathered.");
        JsonNode report = jsonReport(isolate);
        assertThat(report.path("complete").asBoolean()).isFalse();
        assertThat(report.path("incomplete").get(0).path("reason").asText()).contains("UnauthorizedOperation");
    }

    @Test
    void withoutAnInvestigatorNothingIsReportedAndTheFindingIsIsolatedAsBefore() throws Exception {
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new IsolateInstance(wire.clients()))), DispatchSettings.defaults());
        ObjectNode finding = (ObjectNode) json.readTree(
                Files.readString(Path.of("src/test/resources/normalize/guardduty-ec2-eventbridge/input.json")));
        ((ObjectNode) finding.get("detail")).put("severity", 8);
        try (Pipeline p =
                new Pipeline(new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), true, true)) {
            Pipeline.Result r = p.process(finding, "finding.json");
            assertThat(r.rulesFired()).containsExactly(ISOLATE);
            assertThat(r.records().get(0).report()).isNull();
        }
        assertThat(wire.actions()).isEmpty();
    }

    @Test
    void aFailedActivityLookupLeavesTheReportIncompleteAndTheKeyIsStillDeactivated() throws Exception {
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new DeactivateAccessKey(wire.clients()), new LogNotification())),
                DispatchSettings.defaults());
        JsonNode finding = json.readTree(
                Files.readString(Path.of("samples/guardduty/iam-anomalous-credential-access/event.json")));
        try (RestWire cloudTrail = new RestWire()) {
            cloudTrail.stub(
                    RestWire.jsonOp("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"),
                    RestWire.jsonError(
                            400, "AccessDeniedException", "not authorized to perform: cloudtrail:LookupEvents"));
            try (AwsInvestigator investigator = new AwsInvestigator(
                            List.of(new ActivityStep(
                                    cloudTrail.clients(),
                                    new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(24), 100),
                                    Clock.systemUTC())),
                            Duration.ofSeconds(20),
                            Duration.ofMinutes(5));
                    Pipeline p = Pipeline.builder(
                                    new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), true, true)
                            .investigating(investigator, new InvestigationReports(reports))
                            .build()) {
                Pipeline.Result r = p.process(finding, "finding.json");
                assertThat(r.rulesFired())
                        .containsExactly("GuardDuty IAM credential exfiltration: deactivate access key");
                AuditRecord deactivate = r.records().get(0);
                assertThat(deactivate.action()).isEqualTo("iam:deactivate-access-key");
                assertThat(deactivate.outcome()).isEqualTo(Outcome.PLANNED);
                JsonNode report = jsonReport(deactivate);
                assertThat(report.path("complete").asBoolean()).isFalse();
                assertThat(report.path("incomplete").get(0).path("step").asText())
                        .startsWith("cloudtrail:recent-activity accessKey/");
                assertThat(report.path("incomplete").get(0).path("reason").asText())
                        .contains("AccessDeniedException");
            }
            assertThat(cloudTrail.requests()).hasSize(1);
        }
    }
}
