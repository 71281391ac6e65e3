package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.aws.action.ec2.IsolateInstance;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.investigate.AwsInvestigator;
import dev.riposte.aws.investigate.InvestigationStep;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Issue 18.9, through the whole pipeline with the built-in rules: investigation steps that cannot run (AWS answering
 * AccessDenied on the wire, or no credentials at all in the SDK's chain) leave one line per failed step in the report
 * with the cause and the fix, one WARN per cause in the service log however many steps and events, a principal line
 * that says what is known, and the action with the rule that decided it and the exact AWS requests it planned.
 */
class FailedStepReportTest {
    static final String INSTANCE = "i-0abcdef1234567890";
    static final String ISOLATE = "GuardDuty EC2 compromise: isolate instance";
    static final String LOOKUP_EVENTS = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
    static final String TRIAL = "or set riposte.investigate.enabled=false for a trial";
    final ObjectMapper json = new ObjectMapper();
    final AwsWire wire = new AwsWire();
    final List<LogRecord> warnings = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @TempDir
    Path reports;

    @BeforeEach
    void listen() {
        Logger.getLogger(AwsInvestigator.class.getName()).addHandler(capture);
    }

    @AfterEach
    void close() {
        Logger.getLogger(AwsInvestigator.class.getName()).removeHandler(capture);
        wire.close();
    }

    /** The same high-severity GuardDuty EC2 finding twice, as two events (ids {@code first}, {@code second}). */
    List<Pipeline.Result> twoFindings(List<InvestigationStep> steps) throws Exception {
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new IsolateInstance(wire.clients()), new LogNotification())),
                DispatchSettings.defaults());
        List<Pipeline.Result> out = new ArrayList<>();
        try (AwsInvestigator investigator = new AwsInvestigator(steps, Duration.ofSeconds(20), Duration.ofMinutes(5));
                Pipeline p = Pipeline.builder(
                                new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), true, true)
                        .investigating(investigator, new InvestigationReports(reports))
                        .build()) {
            for (String id : List.of("first", "second")) {
                ObjectNode finding = (ObjectNode) json.readTree(
                        Files.readString(Path.of("src/test/resources/normalize/guardduty-ec2-eventbridge/input.json")));
                ((ObjectNode) finding.get("detail")).put("severity", 8).put("id", id);
                out.add(p.process(finding, id + ".json"));
            }
        }
        return out;
    }

    /** The lines of the report's "Incomplete" section. */
    static List<String> incomplete(String md) {
        assertThat(md).contains("## Incomplete\n\n");
        String section = md.substring(md.indexOf("## Incomplete\n\n") + "## Incomplete\n\n".length());
        return Arrays.asList(section.substring(0, section.indexOf("\n\n")).split("\n"));
    }

    static ResponseDefinitionBuilder denied(String session) {
        return RestWire.jsonError(
                400,
                "AccessDeniedException",
                "User: arn:aws:sts::111122223333:assumed-role/RiposteResponder/" + session + " is not authorized to"
                        + " perform: cloudtrail:LookupEvents because no identity-based policy allows the"
                        + " cloudtrail:LookupEvents action");
    }

    @Test
    void deniedReadsAreOneLinePerStepWithTheFixOneWarningPerCauseAndTheReportNamesTheRuleAndItsRequests()
            throws Exception {
        wire.answer(
                "DescribeInstances",
                403,
                AwsWire.ec2Error(
                        "UnauthorizedOperation",
                        "You are not authorized to perform this operation. Encoded authorization failure message: "
                                + "Q92aQ6".repeat(200)));
        List<Pipeline.Result> results;
        try (RestWire cloudTrail = new RestWire()) {
            // AWS's denial names the caller's session, which differs from one call to the next: still one cause
            cloudTrail.firstThen(() -> RestWire.jsonOp(LOOKUP_EVENTS), denied("session-1"), denied("session-2"));
            results = twoFindings(List.of(
                    new InstanceContextStep(wire.clients()),
                    new ActivityStep(
                            cloudTrail.clients(),
                            new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(24), 100),
                            Clock.systemUTC())));
        }

        AuditRecord isolate = results.get(0).records().get(0);
        assertThat(isolate.rule()).isEqualTo(ISOLATE);
        assertThat(isolate.outcome()).isEqualTo(Outcome.PLANNED);
        String md = Files.readString(Path.of(isolate.report()));
        assertThat(incomplete(md))
                .as("one line per failed step: cause and fix")
                .satisfiesExactlyInAnyOrder(
                        line -> assertThat(line)
                                .startsWith(
                                        "- ec2:instance-context " + INSTANCE + ": UnauthorizedOperation: You are not"
                                                + " authorized to perform this operation.")
                                .endsWith("; fix: allow the role ec2:DescribeInstances, ec2:DescribeSecurityGroups,"
                                        + " iam:GetInstanceProfile (riposte iam-policy prints them, statement"
                                        + " RiposteReads), " + TRIAL)
                                .hasSizeLessThan(600),
                        line -> assertThat(line)
                                .startsWith("- cloudtrail:recent-activity instance/" + INSTANCE
                                        + ": AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/")
                                .endsWith("; fix: allow the role cloudtrail:LookupEvents (riposte iam-policy prints"
                                        + " them, statement RiposteReads), " + TRIAL));
        assertThat(md)
                .as("the finding names no actor, only GuardDuty's remote IP")
                .contains("- Principal: unknown, from 203.0.113.50\n")
                .doesNotContain("Unknown null");

        // the rule that decided, then the exact requests of the dry-run plan (the audit record's), one per line
        StringBuilder planned = new StringBuilder("- `ec2:isolate-instance` on " + INSTANCE + " (rule \"" + ISOLATE
                + "\"): **planned** (dry-run)\n  - AWS requests planned:\n");
        for (Map<String, Object> r : isolate.requests()) {
            planned.append("    - `")
                    .append(r.get("service"))
                    .append(':')
                    .append(r.get("operation"))
                    .append("` `")
                    .append(json.writeValueAsString(r.get("parameters")))
                    .append("`\n");
        }
        assertThat(isolate.requests()).hasSizeGreaterThan(3);
        assertThat(md)
                .contains(planned)
                .contains("    - `ec2:DescribeInstances` `{\"InstanceIds\":[\"" + INSTANCE + "\"]}`\n");
        JsonNode report = json.readTree(
                Path.of(isolate.report().replaceAll("\\.md$", ".json")).toFile());
        assertThat(report.path("actions").get(0).path("rule").asText()).isEqualTo(ISOLATE);
        assertThat(report.path("actions").get(0).path("requests")).isEqualTo(json.valueToTree(isolate.requests()));

        assertThat(incomplete(
                        Files.readString(Path.of(results.get(1).records().get(0).report()))))
                .as("the second event's report names its failed steps too")
                .hasSize(2);
        assertThat(warnings)
                .as("one WARN per cause (a step's missing permission) over two steps and two events")
                .extracting(LogRecord::getMessage)
                .satisfiesExactlyInAnyOrder(
                        m -> assertThat(m).contains("ec2:instance-context", "UnauthorizedOperation", "fix: allow"),
                        m -> assertThat(m)
                                .contains("cloudtrail:recent-activity", "AccessDeniedException", "fix: allow"));
    }

    @Test
    void withoutCredentialsEveryStepIsOneShortLineAndTheLogWarnsOnce() throws Exception {
        // the SDK's own chain, finding nothing (an empty profile file), as on a machine without credentials
        Path empty = Files.writeString(reports.resolve("credentials"), "");
        AwsCredentialsProviderChain none = AwsCredentialsProviderChain.of(ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder()
                        .content(empty)
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .build());
        List<Pipeline.Result> results;
        try (AwsClients clients =
                new AwsClients(new AwsClients.Settings("us-east-1", URI.create(wire.baseUrl()), null, null), none)) {
            results = twoFindings(List.of(
                    new InstanceContextStep(clients),
                    new ActivityStep(
                            clients,
                            new ActivityStep.Settings(Duration.ofHours(1), Duration.ofHours(24), 100),
                            Clock.systemUTC())));
        }

        for (Pipeline.Result r : results) {
            assertThat(r.records().get(0).outcome()).isEqualTo(Outcome.PLANNED);
            String md = Files.readString(Path.of(r.records().get(0).report()));
            assertThat(incomplete(md))
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line)
                            .contains(": no AWS credentials: the SDK's default chain found none; fix: give the service"
                                    + " a role or credentials (task role, AWS_PROFILE, AWS_ACCESS_KEY_ID), " + TRIAL)
                            .hasSizeLessThan(300));
            assertThat(md).doesNotContain("AwsCredentialsProviderChain", "ProfileCredentialsProvider");
        }
        assertThat(warnings)
                .as("one WARN for one cause, over two steps and two events")
                .singleElement()
                .satisfies(w -> assertThat(w.getMessage()).contains("no AWS credentials", TRIAL));
        assertThat(wire.calls()).as("nothing unsigned was sent").isEmpty();
    }
}
