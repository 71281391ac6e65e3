package dev.riposte.aws.action.securityhub;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** securityhub:update-finding against a local Security Hub (REST-JSON). */
class UpdateFindingTest {
    private static final String ID =
            "arn:aws:securityhub:eu-west-1:111122223333:subscription/aws-foundational-security-best-practices"
                    + "/v/1.0.0/S3.2/finding/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    private static final String PRODUCT = "arn:aws:securityhub:eu-west-1::product/aws/securityhub";
    private static final String GET_BODY =
            "{\"Filters\":{\"Id\":[{\"Value\":\"" + ID + "\",\"Comparison\":\"EQUALS\"}],"
                    + "\"ProductArn\":[{\"Value\":\"" + PRODUCT + "\",\"Comparison\":\"EQUALS\"}]},\"MaxResults\":1}";
    private static final String UPDATE_BODY =
            "{\"FindingIdentifiers\":[{\"Id\":\"" + ID + "\",\"ProductArn\":\"" + PRODUCT + "\"}],"
                    + "\"Workflow\":{\"Status\":\"RESOLVED\"},\"Note\":{\"Text\":\"public "
                    + "access blocked by Riposte\",\"UpdatedBy\":\"riposte\"}}";

    private final RestWire aws = new RestWire();
    private final UpdateFinding handler = new UpdateFinding(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    /** A Security Hub finding event: the ASFF finding is the detail. */
    static SecurityEvent event() {
        return Events.event("securityhub", "S3.2")
                .id(ID)
                .region("eu-west-1")
                .severity(7.0)
                .detail(Map.of("Id", ID, "ProductArn", PRODUCT, "Workflow", Map.of("Status", "NEW")))
                .build();
    }

    private static ActionContext ctx(ActionCommand command) {
        return new ActionContext(command, event(), Events.ACCOUNT, "eu-west-1");
    }

    private static ActionCommand resolve() {
        return ActionCommand.of("securityhub:update-finding", null)
                .with("status", "RESOLVED")
                .with("note", "public access blocked by Riposte");
    }

    private static String found(String status, String note) {
        return "{\"Findings\":[{\"Id\":\"" + ID + "\",\"ProductArn\":\"" + PRODUCT + "\",\"Workflow\":{\"Status\":\""
                + status + "\"}"
                + (note == null ? "" : ",\"Note\":{\"Text\":\"" + note + "\",\"UpdatedBy\":\"riposte\"}") + "}]}";
    }

    private static final String PROCESSED = "{\"ProcessedFindings\":[{\"Id\":\"" + ID + "\",\"ProductArn\":\"" + PRODUCT
            + "\"}],\"UnprocessedFindings\":[]}";

    private static String unprocessed(String code, String message) {
        return "{\"ProcessedFindings\":[],\"UnprocessedFindings\":[{\"FindingIdentifier\":{\"Id\":\"" + ID
                + "\",\"ProductArn\":\"" + PRODUCT + "\"},\"ErrorCode\":\"" + code + "\",\"ErrorMessage\":\"" + message
                + "\"}]}";
    }

    @Test
    void setsStatusAndNoteExactlyAsPlanned() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("NEW", null)));
        aws.stub(patch(urlPathEqualTo("/findings/batchupdate")), json(200, PROCESSED));
        ActionContext ctx = ctx(resolve());

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(r.requests())
                .extracting(AwsRequest::operation)
                .containsExactly("GetFindings", "BatchUpdateFindings");
        assertThat(aws.lines()).containsExactly("POST /findings", "PATCH /findings/batchupdate");
        assertThat(aws.requests().get(0).getBodyAsString()).isEqualTo(GET_BODY);
        assertThat(aws.requests().get(1).getBodyAsString()).isEqualTo(UPDATE_BODY);
        assertThat(aws.requests())
                .allSatisfy(
                        q -> assertThat(q.getHeader("Authorization")).contains("/eu-west-1/securityhub/aws4_request"));
    }

    @Test
    void aFindingAlreadyInThatStateIsNotUpdatedAgain() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("RESOLVED", "public access blocked by Riposte")));

        ExecutionResult r = handler.execute(ctx(resolve()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("POST /findings");
    }

    @Test
    void theSameStatusWithAnotherNoteIsStillUpdated() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("RESOLVED", "something else")));
        aws.stub(patch(urlPathEqualTo("/findings/batchupdate")), json(200, PROCESSED));

        assertThat(handler.execute(ctx(resolve())).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("POST /findings", "PATCH /findings/batchupdate");
    }

    @Test
    void aFindingSecurityHubNoLongerHasIsSkipped() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, "{\"Findings\":[]}"));

        ExecutionResult r = handler.execute(ctx(resolve()));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(aws.lines()).containsExactly("POST /findings");
    }

    @Test
    void anUnprocessedFindingFailsWithItsErrorCode() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("NEW", null)));
        aws.stub(
                patch(urlPathEqualTo("/findings/batchupdate")),
                json(200, unprocessed("ConcurrentUpdateError", "try again")));

        ExecutionResult r = handler.execute(ctx(resolve()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("ConcurrentUpdateError: try again");
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
    }

    @Test
    void anUnprocessedFindingThatIsGoneIsSkipped() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("NEW", null)));
        aws.stub(
                patch(urlPathEqualTo("/findings/batchupdate")), json(200, unprocessed("FindingNotFound", "not found")));

        assertThat(handler.execute(ctx(resolve())).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void throttlingIsRetried() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("NEW", null)));
        aws.firstThen(
                () -> patch(urlPathEqualTo("/findings/batchupdate")),
                jsonError(429, "TooManyRequestsException", "Rate exceeded"),
                json(200, PROCESSED));

        assertThat(handler.execute(ctx(resolve())).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines())
                .containsExactly("POST /findings", "PATCH /findings/batchupdate", "PATCH /findings/batchupdate");
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.stub(
                post(urlPathEqualTo("/findings")),
                jsonError(403, "AccessDeniedException", "User is not authorized to perform: securityhub:GetFindings"));

        ExecutionResult r = handler.execute(ctx(resolve()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error())
                .isEqualTo("AccessDeniedException: User is not authorized to perform: securityhub:GetFindings");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
    }

    @Test
    void aStatusWithoutNoteSendsNoNote() {
        aws.stub(post(urlPathEqualTo("/findings")), json(200, found("NEW", null)));
        aws.stub(patch(urlPathEqualTo("/findings/batchupdate")), json(200, PROCESSED));

        handler.execute(ctx(ActionCommand.of("securityhub:update-finding", null).with("status", "NOTIFIED")));

        assertThat(aws.requests().get(1).getBodyAsString())
                .isEqualTo("{\"FindingIdentifiers\":[{\"Id\":\"" + ID + "\",\"ProductArn\":\"" + PRODUCT
                        + "\"}],\"Workflow\":{\"Status\":\"NOTIFIED\"}}");
    }

    @Test
    void badParametersAreRejectedWhenRulesLoad() {
        assertThat(handler.check(new ActionCommand(
                        "securityhub:update-finding",
                        null,
                        Map.of("status", "CLOSED", "note", "x".repeat(513), "productArn", "guardduty"))))
                .containsExactly(
                        "securityhub:update-finding status 'CLOSED' is not one of NEW, NOTIFIED, RESOLVED, SUPPRESSED",
                        "securityhub:update-finding note must be 1 to 512 characters",
                        "securityhub:update-finding productArn 'guardduty' is not a Security Hub product ARN");
        assertThat(handler.check(resolve().with("productArn", PRODUCT))).isEmpty();
    }

    @Test
    void anotherSourcesEventNeedsTargetAndProductArn() {
        SecurityEvent gd = Events.guardDuty("Recon:EC2/Portscan")
                .id("gd-1")
                .region("eu-west-1")
                .severity(2.0)
                .build();
        assertThatThrownBy(() -> handler.plan(new ActionContext(resolve(), gd, Events.ACCOUNT, "eu-west-1")))
                .hasMessageContaining("needs a finding Id");
        ActionCommand named = new ActionCommand("securityhub:update-finding", ID, Map.of("status", "RESOLVED"));
        assertThatThrownBy(() -> handler.plan(new ActionContext(named, gd, Events.ACCOUNT, "eu-west-1")))
                .hasMessageContaining("pass the productArn parameter");
        assertThat(handler.plan(new ActionContext(named.with("productArn", PRODUCT), gd, Events.ACCOUNT, "eu-west-1")))
                .hasSize(2);
    }
}
