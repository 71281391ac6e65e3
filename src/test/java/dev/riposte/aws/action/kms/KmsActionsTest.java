package dev.riposte.aws.action.kms;

import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static dev.riposte.aws.client.RestWire.jsonOp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kms:enable-key-rotation against a local KMS (JSON 1.1 protocol). */
class KmsActionsTest {
    private static final String KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String OP = "TrentService.EnableKeyRotation";

    private final RestWire aws = new RestWire();
    private final EnableKeyRotation handler = new EnableKeyRotation(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(String target) {
        return new ActionContext(
                ActionCommand.of("kms:enable-key-rotation", target),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void enablesRotation() {
        aws.stub(jsonOp(OP), json(200, "{}"));
        ActionContext ctx = ctx(KEY);

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
        assertThat(r.requests())
                .isEqualTo(handler.plan(ctx))
                .containsExactly(new AwsRequest("kms", "EnableKeyRotation", Map.of("KeyId", KEY)));
        assertThat(aws.targets()).containsExactly(OP);
        assertThat(aws.requests().get(0).getBodyAsString()).isEqualTo("{\"KeyId\":\"" + KEY + "\"}");
    }

    @Test
    void aKeyArnActsInItsRegion() {
        aws.stub(jsonOp(OP), json(200, "{}"));
        String arn = "arn:aws:kms:ap-southeast-2:111122223333:key/" + KEY;

        assertThat(handler.execute(ctx(arn)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.requests().get(0).getHeader("Authorization")).contains("/ap-southeast-2/kms/aws4_request");
        assertThat(aws.requests().get(0).getBodyAsString()).isEqualTo("{\"KeyId\":\"" + arn + "\"}");
    }

    @Test
    void aGoneKeyIsSkipped() {
        aws.stub(
                jsonOp(OP),
                jsonError(
                        400,
                        "NotFoundException",
                        "Key 'arn:aws:kms:us-east-1:111122223333:key/" + KEY + "' does not exist"));

        ExecutionResult r = handler.execute(ctx(KEY));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).startsWith("NotFoundException: Key ");
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen(() -> jsonOp(OP), jsonError(400, "ThrottlingException", "Rate exceeded"), json(200, "{}"));

        assertThat(handler.execute(ctx(KEY)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(OP, OP);
    }

    @Test
    void aKeyPendingDeletionFailsWithKmsCodeAndRequestId() {
        aws.stub(jsonOp(OP), jsonError(400, "KMSInvalidStateException", "is pending deletion."));

        ExecutionResult r = handler.execute(ctx(KEY));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("KMSInvalidStateException: is pending deletion.");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
        assertThat(aws.targets()).containsExactly(OP);
    }

    @Test
    void accessDeniedFails() {
        aws.stub(
                jsonOp(OP),
                jsonError(400, "AccessDeniedException", "not authorized to perform: kms:EnableKeyRotation"));

        ExecutionResult r = handler.execute(ctx(KEY));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDeniedException: not authorized to perform: kms:EnableKeyRotation");
    }

    @Test
    void aliasesAreRejectedWhenRulesLoad() {
        assertThat(handler.check(ActionCommand.of("kms:enable-key-rotation", "mrk-1234abcd12ab34cd56ef1234567890ab")))
                .isEmpty();
        assertThat(handler.check(ActionCommand.of("kms:enable-key-rotation", "alias/app")))
                .containsExactly("kms:enable-key-rotation target 'alias/app' is not a KMS key id or key ARN");
    }
}
