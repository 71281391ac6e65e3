package dev.riposte.aws.action.events;

import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static dev.riposte.aws.client.RestWire.jsonOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.aws.action.ForwardedEvent;
import dev.riposte.aws.action.ReportDocument;
import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** events:put-events against a local EventBridge (JSON 1.1): the exact entry sent, plan = request, error paths. */
class PutEventsTest {
    static final String OP = "AWSEvents.PutEvents";
    static final String BUS = "arn:aws:events:eu-west-1:444455556666:event-bus/security-central";
    static final String REPORT_JSON = "{\"eventId\":\"evt-0001\",\"complete\":true,\"rulesFired\":[\"Contain\"]}";
    static final ObjectMapper JSON = new ObjectMapper();

    private final RestWire aws = new RestWire();
    private final PutEvents handler = new PutEvents(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    static ActionContext ctx(Map<String, Object> params, EventReport report) {
        return ForwardedEvent.context("events:put-events", params, report);
    }

    static EventReport report() {
        return new EventReport(
                "Investigation of guardduty", "/r/evt-0001.md", "/r/evt-0001.json", "# report", REPORT_JSON);
    }

    @Test
    void forwardsTheEventAndItsReportToTheBusWithRipostesOwnCredentials() throws Exception {
        aws.stub(
                jsonOp(OP),
                json(
                        200,
                        "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"11710aed-b79e-4468-a20b-bb3c0c3b4860\"}]}"));
        ActionContext ctx = ctx(Map.of("eventBusArn", BUS), report());

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        JsonNode entry = JSON.readTree(aws.requests().get(0).getBodyAsString())
                .get("Entries")
                .get(0);
        assertThat(entry.get("EventBusName").asText()).isEqualTo(BUS);
        assertThat(entry.get("Source").asText()).isEqualTo("riposte");
        assertThat(entry.get("DetailType").asText()).isEqualTo("Riposte Investigation Report");
        String detail = entry.get("Detail").asText();
        JsonNode doc = JSON.readTree(detail);
        assertThat(doc.get("event").get("id").asText()).isEqualTo("evt-0001");
        assertThat(doc.get("event").get("type").asText()).isEqualTo("UnauthorizedAccess:EC2/TorClient");
        assertThat(doc.get("event").has("detail")).isTrue();
        assertThat(doc.get("report")).isEqualTo(JSON.readTree(REPORT_JSON));
        assertThat(doc.get("reportPath").asText()).isEqualTo("/r/evt-0001.md");
        // the plan shows the Detail by size and hash: exactly the bytes that went out
        @SuppressWarnings("unchecked")
        Map<String, Object> planned =
                ((List<Map<String, Object>>) r.requests().get(0).parameters().get("Entries")).get(0);
        assertThat(planned.get("Detail")).isEqualTo(ReportDocument.digest(detail));
        assertThat(aws.requests().get(0).getHeader("Authorization"))
                .contains("AKIDEXAMPLE/")
                .contains("/eu-west-1/events/aws4_request");
        assertThat(handler.carriesReport()).isTrue();
        assertThat(handler.spec().mutating()).isFalse();
        assertThat(handler.spec().permissions()).containsExactly("events:PutEvents");
    }

    @Test
    void aRejectedEntryIsAFailureWithEventBridgesReason() {
        aws.stub(
                jsonOp(OP),
                json(
                        200,
                        "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"AccessDeniedException\","
                                + "\"ErrorMessage\":\"not authorized to put events on the bus\"}]}"));
        ExecutionResult r = handler.execute(ctx(Map.of("eventBusArn", BUS), report()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error())
                .isEqualTo(
                        "PutEvents rejected the entry: AccessDeniedException: not authorized to put events on the bus");
        assertThat(r.requests()).hasSize(1);
    }

    @Test
    void aMissingBusOrAccessDeniedFailsWithTheCode() {
        aws.stub(jsonOp(OP), jsonError(400, "ResourceNotFoundException", "Event bus security-central does not exist."));
        ExecutionResult missing = handler.execute(ctx(Map.of("eventBusArn", BUS), report()));
        assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.error()).startsWith("ResourceNotFoundException: Event bus security-central does not exist.");

        aws.stub(
                jsonOp(OP),
                jsonError(400, "AccessDeniedException", "User is not authorized to perform: events:PutEvents"));
        assertThat(handler.execute(ctx(Map.of("eventBusArn", BUS), report())).error())
                .startsWith("AccessDeniedException");
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen(
                () -> jsonOp(OP),
                jsonError(400, "ThrottlingException", "Rate exceeded"),
                json(200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}"));
        assertThat(handler.execute(ctx(Map.of("eventBusArn", BUS), report())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(OP, OP);
    }

    @Test
    void anOversizedReportIsReplacedByItsSummary() throws Exception {
        String big = "{\"eventId\":\"evt-0001\",\"padding\":\"" + "x".repeat(300_000) + "\"}";
        EventReport report = new EventReport("the key facts", "/r/evt-0001.md", "/r/evt-0001.json", "# report", big);
        JsonNode doc =
                JSON.readTree(ReportDocument.json(ctx(Map.of("eventBusArn", BUS), report), PutEvents.MAX_DETAIL_BYTES));
        assertThat(doc.get("report").get("truncated").asBoolean()).isTrue();
        assertThat(doc.get("report").get("summary").asText()).isEqualTo("the key facts");
        assertThat(doc.get("reportPath").asText()).isEqualTo("/r/evt-0001.md");
    }

    @Test
    void parametersAreCheckedWhenRulesLoad() {
        assertThat(handler.check(
                        new ActionCommand("events:put-events", null, Map.of("eventBusArn", "security-central"))))
                .singleElement()
                .asString()
                .contains("is not an event bus ARN");
        assertThat(handler.check(new ActionCommand(
                        "events:put-events", null, Map.of("eventBusArn", BUS, "source", "aws.guardduty"))))
                .singleElement()
                .asString()
                .contains("not start with aws.");
        assertThat(handler.check(new ActionCommand("events:put-events", null, Map.of("eventBusArn", BUS))))
                .isEmpty();
    }
}
