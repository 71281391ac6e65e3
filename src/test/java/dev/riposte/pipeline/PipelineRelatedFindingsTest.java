package dev.riposte.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.aws.action.ec2.IsolateInstance;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.investigate.AwsInvestigator;
import dev.riposte.aws.investigate.findings.RelatedFindingsStep;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GuardDuty EC2 finding through the pipeline with the related-findings investigation against a local GuardDuty and Security Hub. */
class PipelineRelatedFindingsTest {
    static final String INSTANCE = "i-0abcdef1234567890";
    static final String DETECTOR = "123456789012abcdef0123456789abcd";
    static final String FINDING = "16afba5c5c43e07c9e3e5e2e544e95df";
    static final String ISOLATE = "GuardDuty EC2 compromise: isolate instance";
    final ObjectMapper json = new ObjectMapper();
    final RestWire aws = new RestWire();

    @TempDir
    Path reports;

    @AfterEach
    void close() {
        aws.close();
    }

    Pipeline.Result run() throws Exception {
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new IsolateInstance(aws.clients()), new LogNotification())),
                DispatchSettings.defaults());
        ObjectNode finding = (ObjectNode) json.readTree(
                Files.readString(Path.of("src/test/resources/normalize/guardduty-ec2-eventbridge/input.json")));
        ((ObjectNode) finding.get("detail")).put("severity", 8);
        try (AwsInvestigator investigator = new AwsInvestigator(
                        List.of(new RelatedFindingsStep(aws.clients(), Duration.ofDays(7))),
                        Duration.ofSeconds(20),
                        Duration.ofMinutes(5));
                Pipeline p = Pipeline.builder(
                                new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), true, true)
                        .investigating(investigator, new InvestigationReports(reports))
                        .build()) {
            return p.process(finding, "finding.json");
        }
    }

    @Test
    void theReportListsTheOtherFindingsAboutTheInstance() throws Exception {
        aws.stub(
                post(urlPathEqualTo("/detector/" + DETECTOR + "/findings")),
                json(200, "{\"findingIds\":[\"" + FINDING + "\",\"gd-older\"]}"));
        aws.stub(
                post(urlPathEqualTo("/detector/" + DETECTOR + "/findings/get")),
                json(
                        200,
                        "{\"findings\":["
                                + "{\"id\":\"" + FINDING
                                + "\",\"type\":\"UnauthorizedAccess:EC2/TorClient\",\"severity\":8,\"title\":\"itself\"},"
                                + "{\"id\":\"gd-older\",\"type\":\"CryptoCurrency:EC2/BitcoinTool.B!DNS\",\"severity\":8.5,"
                                + "\"title\":\"EC2 instance is querying a domain name associated "
                                + "with Bitcoin\",\"updatedAt\":\"2024-04-29T08:00:00.000Z\"}]}"));
        aws.stub(post(urlPathEqualTo("/findings")), json(200, "{\"Findings\":[]}"));

        Pipeline.Result r = run();

        assertThat(r.rulesFired()).containsExactly(ISOLATE);
        AuditRecord isolate = r.records().get(0);
        String md = Files.readString(Path.of(isolate.report()));
        assertThat(md)
                .contains(
                        "### Related findings for instance/" + INSTANCE,
                        "- Other findings: 1 (critical 0, high 1, medium 0, low 0)",
                        "- guardduty CryptoCurrency:EC2/BitcoinTool.B!DNS, severity 8.5: EC2 instance is querying a domain name associated"
                                + " with Bitcoin (updated 2024-04-29T08:00:00Z, `gd-older`)")
                .doesNotContain("## Incomplete");
        JsonNode report = json.readTree(
                Path.of(isolate.report().replaceAll("\\.md$", ".json")).toFile());
        JsonNode ctx = report.path("context").get(0);
        assertThat(ctx.path("kind").asText()).isEqualTo("RelatedFindings");
        assertThat(ctx.path("fact").path("subject").asText()).isEqualTo("instance/" + INSTANCE);
        assertThat(ctx.path("fact").path("findings")).hasSize(2);
    }

    @Test
    void aFailedLookupMakesTheReportIncompleteAndTheIsolationStillRuns() throws Exception {
        aws.stub(
                post(urlPathEqualTo("/detector/" + DETECTOR + "/findings")),
                jsonError(403, "AccessDeniedException", "no guardduty"));
        aws.stub(post(urlPathEqualTo("/findings")), jsonError(403, "AccessDeniedException", "no securityhub"));

        Pipeline.Result r = run();

        assertThat(r.rulesFired()).containsExactly(ISOLATE);
        AuditRecord isolate = r.records().get(0);
        assertThat(isolate.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(Files.readString(Path.of(isolate.report())))
                .contains(
                        "## Incomplete",
                        "aws:related-findings instance/" + INSTANCE + ": AccessDeniedException: no securityhub");
        JsonNode report = json.readTree(
                Path.of(isolate.report().replaceAll("\\.md$", ".json")).toFile());
        assertThat(report.path("complete").asBoolean()).isFalse();
    }
}
