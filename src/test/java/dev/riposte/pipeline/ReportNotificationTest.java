package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.aws.action.sns.Publish;
import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.InstanceContext;
import dev.riposte.normalize.Normalizer;
import dev.riposte.playbook.PlaybookFile;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.run.CatalogueActionRules;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications carry the event's investigation report, and the ordering that makes that report whole: whatever order
 * the rules fire in, the notification goes out after the event's other actions and reports their outcomes.
 */
class ReportNotificationTest {
    static final String TOPIC = "arn:aws:sns:us-east-1:444455556666:security-alerts";
    static final String INSTANCE = "i-0abcdef1234567890";
    /** The notifying rule fires first (higher salience): the pipeline must still send its message last. */
    static final String RULES = """
            package rules.custom;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;
            rule "Notify the team"
                @description("notification first")
                salience 10
            when
                $e : SecurityEvent(source == "guardduty")
            then
                insert(ActionCommand.of("sns:publish", null).with("topicArn", "%s").with("message", "Backdoor on " + $e.id()));
            end
            rule "Contain the instance"
                @description("containment second")
            when
                $e : SecurityEvent(source == "guardduty")
                $i : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(ActionCommand.of("test:contain", $i.id()));
            end
            """.formatted(TOPIC);

    static final String OK = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
            + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>req-Publish</RequestId>"
            + "</ResponseMetadata></PublishResponse>";

    final ObjectMapper json = new ObjectMapper();
    final AwsWire wire = new AwsWire();

    @TempDir
    Path reports;

    @AfterEach
    void close() {
        wire.close();
    }

    /** A mutating action that succeeds without AWS. */
    record Contain(ActionSpec spec) implements ActionHandler {
        Contain() {
            this(ActionSpec.builder("test:contain").description("contains").build());
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(new AwsRequest("ec2", "Contain", Map.of("InstanceId", ctx.target())));
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            return ExecutionResult.succeeded(plan(ctx), "req-contain");
        }
    }

    static Investigator context() {
        return e -> List.of(
                new InstanceContext(
                        e.id(),
                        INSTANCE,
                        "running",
                        Map.of("env", "prod", "team", "payments"),
                        null,
                        "vpc-1",
                        "subnet-1",
                        List.of("sg-web"),
                        List.of(),
                        null,
                        "web-role",
                        null,
                        List.of(),
                        true),
                new ActivitySummary(
                        e.id(),
                        "accessKey/AKIAIOSFODNN7EXAMPLE",
                        Instant.parse("2024-05-01T11:00:00Z"),
                        Instant.parse("2024-05-01T12:00:00Z"),
                        Instant.parse("2024-04-30T11:00:00Z"),
                        14,
                        200,
                        Map.of("iam", 9, "s3", 5),
                        6,
                        List.of("us-east-1"),
                        List.of("203.0.113.77"),
                        List.of("203.0.113.77"),
                        List.of("iam:CreateAccessKey"),
                        false));
    }

    Pipeline.Result run(boolean dryRun) throws Exception {
        return run(RULES, dryRun, null);
    }

    /** The GuardDuty EC2 finding through {@code rules}, with the instance's context and reports; {@code playbook}: YAML or null. */
    Pipeline.Result run(String rules, boolean dryRun, String playbook) throws Exception {
        CompileResult compiled =
                RuleCompiler.compile(List.of(new RuleFile("custom/rules.drl", rules)), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        ActionCatalogue catalogue = new ActionCatalogue(List.of(new Publish(wire.clients()), new Contain()));
        JsonNode finding = json.readTree(
                Files.readString(Path.of("src/test/resources/normalize/guardduty-ec2-eventbridge/input.json")));
        PlaybookSet playbooks = playbook == null
                ? PlaybookSet.empty()
                : PlaybookSet.load(
                        List.of(new PlaybookFile("playbook.yaml", playbook)), new CatalogueActionRules(catalogue));
        try (Pipeline p = Pipeline.builder(
                        new Normalizer(),
                        compiled.ruleSet(),
                        new Dispatcher(catalogue, new DispatchSettings(dryRun, false)),
                        new NullAuditSink(),
                        true,
                        dryRun)
                .investigating(context(), new InvestigationReports(reports))
                .playbooks(() -> playbooks)
                .build()) {
            return p.process(finding, "finding.json");
        }
    }

    @Test
    void thePublishedMessageCarriesTheReportsKeyFactsAndTheOtherActionsOutcome() throws Exception {
        wire.ok("Publish", OK);
        Pipeline.Result r = run(false);

        assertThat(r.records()).extracting(AuditRecord::action).containsExactly("test:contain", "sns:publish");
        assertThat(r.records()).extracting(AuditRecord::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED);
        String message = wire.calls().get(0).get("Message");
        assertThat(message)
                .startsWith("Backdoor on ")
                .contains("Instance " + INSTANCE + ": running, PRODUCTION", "team=payments", "role web-role")
                .contains(
                        "Activity of accessKey/AKIAIOSFODNN7EXAMPLE",
                        "14 calls (iam 9, s3 5)",
                        "new source IPs 203.0.113.77")
                .contains("Rules fired: Notify the team; Contain the instance")
                .contains("test:contain " + INSTANCE + " -> succeeded (live)")
                .contains("Full report: " + reports.resolve(r.records().get(0).eventId() + ".md"))
                .contains("# Investigation report");
        // the report on disk is final: it also holds the notification's own outcome
        String md = Files.readString(Path.of(r.records().get(1).report()));
        assertThat(md)
                .contains(
                        "`sns:publish`",
                        "`test:contain`",
                        "Recent CloudTrail activity of accessKey/AKIAIOSFODNN7EXAMPLE");
        assertThat(r.records())
                .extracting(AuditRecord::report)
                .containsOnly(
                        reports.resolve(r.records().get(0).eventId() + ".md").toString());
    }

    @Test
    void inDryRunThePlannedMessageIsTheOneThatWouldBeSent() throws Exception {
        Pipeline.Result r = run(true);
        assertThat(r.records()).extracting(AuditRecord::action).containsExactly("test:contain", "sns:publish");
        Object planned = r.records().get(1).requests().get(0).get("parameters");
        assertThat(String.valueOf(((Map<?, ?>) planned).get("Message")))
                .contains("PRODUCTION", "test:contain " + INSTANCE + " -> planned (dry-run)");
        assertThat(wire.calls()).isEmpty();
    }

    static final String PLAYBOOK_RULES = """
            package rules.custom;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;
            rule "Contain and tell"
                @description("one playbook: contain, then notify")
            when
                $e : SecurityEvent(source == "guardduty")
                $i : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(PlaybookRun.of("contain-and-tell", $i.id()));
            end
            """;

    @Test
    void aPlaybooksNotificationStepCarriesTheReportWithTheRunsEarlierSteps() throws Exception {
        wire.ok("Publish", OK);
        Pipeline.Result r = run(PLAYBOOK_RULES, false, """
                id: contain-and-tell
                description: contain the instance, then tell the team
                steps:
                  - name: contain
                    action: test:contain
                  - name: tell
                    action: sns:publish
                    target: none
                    params:
                      topicArn: "%s"
                      message: "Contained ${target}"
                """.formatted(TOPIC));

        assertThat(r.records()).extracting(AuditRecord::action).containsExactly("test:contain", "sns:publish");
        assertThat(r.records()).extracting(AuditRecord::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED);
        String message = wire.calls().get(0).get("Message");
        assertThat(message)
                .startsWith("Contained " + INSTANCE)
                .contains("Instance " + INSTANCE + ": running, PRODUCTION", "Rules fired: Contain and tell")
                .contains("test:contain " + INSTANCE + " -> succeeded (live)")
                .contains("# Investigation report");
        assertThat(r.records())
                .extracting(AuditRecord::report)
                .containsOnly(
                        reports.resolve(r.records().get(0).eventId() + ".md").toString());
    }
}
