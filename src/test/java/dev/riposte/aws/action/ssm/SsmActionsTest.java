package dev.riposte.aws.action.ssm;

import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static dev.riposte.aws.client.RestWire.jsonOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.document.PolicyStatements;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ssm:start-automation against a local SSM (JSON 1.1 protocol). */
class SsmActionsTest {
    private static final String OP = "AmazonSSM.StartAutomationExecution";
    private static final String OK = "{\"AutomationExecutionId\":\"4105a4fc-f944-11e6-9d32-0123456789ab\"}";

    private final RestWire aws = new RestWire();
    private final StartAutomation handler = new StartAutomation(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand("ssm:start-automation", "i-0abc1234def567890", params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void startsTheRunbookWithFilledInParametersAndAStableClientToken() {
        aws.stub(jsonOp(OP), json(200, OK));
        ActionContext ctx = ctx(Map.of(
                "documentName",
                "AWS-StopEC2Instance",
                "parameters",
                Map.of("InstanceId", "{target}", "Tags", List.of("event={eventId}", "account={account}"))));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        String token = StartAutomation.clientToken(ctx);
        assertThat(token)
                .isEqualTo(StartAutomation.clientToken(ctx(Map.of("documentName", "AWS-StopEC2Instance"))))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(aws.targets()).containsExactly(OP);
        assertThat(PolicyStatements.parse(aws.requests().get(0).getBodyAsString()))
                .isEqualTo(Map.of(
                        "DocumentName",
                        "AWS-StopEC2Instance",
                        "Parameters",
                        Map.of(
                                "InstanceId",
                                List.of("i-0abc1234def567890"),
                                "Tags",
                                List.of("event=evt-0001", "account=111122223333")),
                        "ClientToken",
                        token));
    }

    @Test
    void anUnknownRunbookFailsWithSsmsCode() {
        aws.stub(
                jsonOp(OP),
                jsonError(400, "AutomationDefinitionNotFoundException", "Document AWS-Nope does not exist"));

        ExecutionResult r = handler.execute(ctx(Map.of("documentName", "AWS-Nope")));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AutomationDefinitionNotFoundException: Document AWS-Nope does not exist");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen(() -> jsonOp(OP), jsonError(400, "ThrottlingException", "Rate exceeded"), json(200, OK));

        assertThat(handler.execute(ctx(Map.of("documentName", "AWS-StopEC2Instance")))
                        .outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(OP, OP);
    }

    @Test
    void accessDeniedFails() {
        aws.stub(
                jsonOp(OP),
                jsonError(400, "AccessDeniedException", "not authorized to perform: ssm:StartAutomationExecution"));

        assertThat(handler.execute(ctx(Map.of("documentName", "AWS-StopEC2Instance")))
                        .error())
                .isEqualTo("AccessDeniedException: not authorized to perform: ssm:StartAutomationExecution");
    }

    @Test
    void checksParametersWhenRulesLoad() {
        assertThat(handler.check(new ActionCommand(
                        "ssm:start-automation",
                        null,
                        Map.of("documentName", "a b", "parameters", Map.of("X", Map.of("nested", 1))))))
                .containsExactly(
                        "ssm:start-automation documentName 'a b' is not an SSM document name or ARN",
                        "ssm:start-automation parameter 'X' must be a string or a list of strings");
        ActionContext noTarget = new ActionContext(
                new ActionCommand(
                        "ssm:start-automation",
                        null,
                        Map.of("documentName", "AWS-StopEC2Instance", "parameters", Map.of("InstanceId", "{target}"))),
                null,
                Events.ACCOUNT,
                "us-east-1");
        assertThatThrownBy(() -> handler.plan(noTarget))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ssm:start-automation parameter value '{target}' uses {target} but this command has none");
    }
}
