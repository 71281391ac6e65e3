package dev.riposte.aws.action.sfn;

import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static dev.riposte.aws.client.RestWire.jsonOp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.document.PolicyStatements;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** stepfunctions:start-execution against a local Step Functions (JSON 1.0 protocol). */
class SfnActionsTest {
    private static final String OP = "AWSStepFunctions.StartExecution";
    private static final String MACHINE = "arn:aws:states:eu-central-1:111122223333:stateMachine:contain-host";
    private static final String OK =
            "{\"executionArn\":\"arn:aws:states:eu-central-1:111122223333:execution:contain-host:x\","
                    + "\"startDate\":1714564800.0}";

    private final RestWire aws = new RestWire();
    private final StartExecution handler = new StartExecution(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(String target, Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand("stepfunctions:start-execution", target, params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void startsTheMachineInItsRegionWithANameFromTheEvent() {
        aws.stub(jsonOp(OP), json(200, OK));
        ActionContext ctx = ctx("i-0abc1234def567890", Map.of("stateMachineArn", MACHINE, "input", "{\"k\":1}"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        String name = StartExecution.name(ctx);
        assertThat(name)
                .matches("riposte-evt-0001-[0-9a-f]{16}")
                .isEqualTo(StartExecution.name(ctx))
                .isNotEqualTo(StartExecution.name(ctx("i-other", Map.of("stateMachineArn", MACHINE))));
        assertThat(PolicyStatements.parse(aws.requests().get(0).getBodyAsString()))
                .isEqualTo(Map.of("stateMachineArn", MACHINE, "name", name, "input", "{\"k\":1}"));
        assertThat(aws.requests().get(0).getHeader("Authorization")).contains("/eu-central-1/states/aws4_request");
    }

    @Test
    void theEventIsTheDefaultInput() {
        aws.stub(jsonOp(OP), json(200, OK));

        ExecutionResult r = handler.execute(ctx(null, Map.of("stateMachineArn", MACHINE)));

        String input = (String)
                PolicyStatements.parse(aws.requests().get(0).getBodyAsString()).get("input");
        assertThat(PolicyStatements.parse(input))
                .containsEntry("action", "stepfunctions:start-execution")
                .containsKey("event");
        assertThat(r.requests().get(0).parameters()).containsEntry("input", input);
    }

    @Test
    void anExecutionAlreadyStartedForThisEventIsSuccess() {
        aws.stub(jsonOp(OP), jsonError(400, "ExecutionAlreadyExists", "Execution Already Exists: 'x'"));

        ExecutionResult r = handler.execute(ctx(null, Map.of("stateMachineArn", MACHINE)));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(OP);
    }

    @Test
    void aMissingMachineFails() {
        aws.stub(
                jsonOp(OP),
                jsonError(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + MACHINE + "'"));

        ExecutionResult r = handler.execute(ctx(null, Map.of("stateMachineArn", MACHINE)));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).startsWith("StateMachineDoesNotExist: ");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen(() -> jsonOp(OP), jsonError(400, "ThrottlingException", "Rate exceeded"), json(200, OK));

        assertThat(handler.execute(ctx(null, Map.of("stateMachineArn", MACHINE)))
                        .outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(OP, OP);
    }

    @Test
    void checksTheArnAndKeepsLongEventIdsWithinEightyCharacters() {
        assertThat(handler.check(new ActionCommand(
                        "stepfunctions:start-execution", null, Map.of("stateMachineArn", "contain-host"))))
                .containsExactly(
                        "stepfunctions:start-execution stateMachineArn 'contain-host' is not a state machine ARN");
        ActionContext longId = new ActionContext(
                new ActionCommand("stepfunctions:start-execution", null, Map.of("stateMachineArn", MACHINE)),
                new SecurityEvent(
                        "x".repeat(200) + ":/#",
                        "custom",
                        "t",
                        Events.T0,
                        Events.ACCOUNT,
                        "us-east-1",
                        null,
                        null,
                        null,
                        null,
                        null),
                Events.ACCOUNT,
                "us-east-1");
        assertThat(StartExecution.name(longId)).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+");
    }
}
