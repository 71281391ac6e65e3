package dev.riposte.aws.action.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** lambda:remove-public-permission and lambda:invoke against a local Lambda (REST-JSON protocol). */
class LambdaActionsTest {
    private static final String FN = "thumbnailer";
    private static final String POLICY_PATH = "/2015-03-31/functions/" + FN + "/policy";
    private static final String PUBLIC_URL =
            "{\"Sid\":\"FunctionURLAllowPublicAccess\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                    + "\"Action\":\"lambda:InvokeFunctionUrl\",\"Resource\":\"arn:aws:lambda:us-east-1:111122223333:function:"
                    + FN + "\","
                    + "\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}}";
    private static final String ANY_AWS = "{\"Sid\":\"anyone\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
            + "\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:111122223333:function:" + FN
            + "\"}";
    private static final String FROM_BUCKET =
            "{\"Sid\":\"s3invoke\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},"
                    + "\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:111122223333:function:"
                    + FN + "\","
                    + "\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::example-bucket\"}}}";

    private final RestWire aws = new RestWire();

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(String action, String target, Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand(action, target, params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    private static String policyAnswer(String... statements) throws Exception {
        String policy =
                "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[" + String.join(",", statements) + "]}";
        return new ObjectMapper().writeValueAsString(Map.of("Policy", policy, "RevisionId", "rev-1"));
    }

    // lambda:remove-public-permission

    @Test
    void removesEachPublicStatementAndKeepsTheRest() throws Exception {
        aws.stub(get(urlEqualTo(POLICY_PATH)), json(200, policyAnswer(PUBLIC_URL, FROM_BUCKET, ANY_AWS)));
        aws.stub(
                delete(urlPathEqualTo(POLICY_PATH + "/FunctionURLAllowPublicAccess")),
                aResponse().withStatus(204));
        aws.stub(delete(urlPathEqualTo(POLICY_PATH + "/anyone")), aResponse().withStatus(204));
        RemovePublicPermission h = new RemovePublicPermission(aws.clients());
        ActionContext ctx = ctx("lambda:remove-public-permission", FN, Map.of());

        ExecutionResult r = h.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .containsExactly(
                        RemovePublicPermission.getPolicy(FN, null),
                        RemovePublicPermission.removePermission(FN, "FunctionURLAllowPublicAccess", null),
                        RemovePublicPermission.removePermission(FN, "anyone", null));
        assertThat(h.plan(ctx)).extracting(AwsRequest::operation).containsExactly("GetPolicy", "RemovePermission");
        assertThat(aws.lines())
                .containsExactly(
                        "GET " + POLICY_PATH,
                        "DELETE " + POLICY_PATH + "/FunctionURLAllowPublicAccess",
                        "DELETE " + POLICY_PATH + "/anyone");
    }

    @Test
    void aQualifierGoesOnEveryCall() throws Exception {
        aws.stub(get(urlEqualTo(POLICY_PATH + "?Qualifier=live")), json(200, policyAnswer(ANY_AWS)));
        aws.stub(
                delete(urlEqualTo(POLICY_PATH + "/anyone?Qualifier=live")),
                aResponse().withStatus(204));

        ExecutionResult r = new RemovePublicPermission(aws.clients())
                .execute(ctx("lambda:remove-public-permission", FN, Map.of("qualifier", "live")));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .last()
                .isEqualTo(new AwsRequest(
                        "lambda",
                        "RemovePermission",
                        Map.of("FunctionName", FN, "StatementId", "anyone", "Qualifier", "live")));
    }

    @Test
    void noPolicyNoPublicStatementOrOneRemovedMeanwhileAreAlreadyDone() throws Exception {
        RemovePublicPermission h = new RemovePublicPermission(aws.clients());
        aws.stub(
                get(urlEqualTo(POLICY_PATH)),
                jsonError(404, "ResourceNotFoundException", "The resource you requested does not exist."));
        assertThat(h.execute(ctx("lambda:remove-public-permission", FN, Map.of()))
                        .outcome())
                .isEqualTo(Outcome.SUCCEEDED);

        aws.stub(get(urlEqualTo(POLICY_PATH)), json(200, policyAnswer(FROM_BUCKET)));
        assertThat(h.execute(ctx("lambda:remove-public-permission", FN, Map.of()))
                        .requests())
                .hasSize(1);

        aws.stub(get(urlEqualTo(POLICY_PATH)), json(200, policyAnswer(ANY_AWS)));
        aws.stub(
                delete(urlPathEqualTo(POLICY_PATH + "/anyone")),
                jsonError(404, "ResourceNotFoundException", "The resource you requested does not exist."));
        assertThat(h.execute(ctx("lambda:remove-public-permission", FN, Map.of()))
                        .outcome())
                .isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aGoneFunctionIsSkipped() {
        aws.stub(
                get(urlEqualTo(POLICY_PATH)),
                jsonError(
                        404,
                        "ResourceNotFoundException",
                        "Function not found: arn:aws:lambda:us-east-1:111122223333:function:" + FN));

        ExecutionResult r =
                new RemovePublicPermission(aws.clients()).execute(ctx("lambda:remove-public-permission", FN, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).startsWith("ResourceNotFoundException: Function not found");
    }

    @Test
    void throttlingIsRetried() throws Exception {
        aws.firstThen(
                () -> get(urlEqualTo(POLICY_PATH)),
                jsonError(429, "TooManyRequestsException", "Rate exceeded"),
                json(200, policyAnswer(FROM_BUCKET)));

        assertThat(new RemovePublicPermission(aws.clients())
                        .execute(ctx("lambda:remove-public-permission", FN, Map.of()))
                        .outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("GET " + POLICY_PATH, "GET " + POLICY_PATH);
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.stub(
                get(urlEqualTo(POLICY_PATH)),
                jsonError(403, "AccessDeniedException", "not authorized to perform: lambda:GetPolicy"));

        ExecutionResult r =
                new RemovePublicPermission(aws.clients()).execute(ctx("lambda:remove-public-permission", FN, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDeniedException: not authorized to perform: lambda:GetPolicy");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
    }

    // lambda:invoke

    private static final String INVOKE_PATH = "/2015-03-31/functions/responder/invocations";

    @Test
    void invokesAsynchronouslyWithTheEventAsPayload() throws Exception {
        aws.stub(
                post(urlEqualTo(INVOKE_PATH)),
                aResponse().withStatus(202).withHeader("x-amzn-RequestId", "req-invoke"));
        InvokeFunction h = new InvokeFunction(aws.clients());
        ActionContext ctx = ctx("lambda:invoke", "AKIAIOSFODNN7EXAMPLE", Map.of("functionName", "responder"));

        ExecutionResult r = h.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-invoke");
        assertThat(r.requests()).isEqualTo(h.plan(ctx));
        var req = aws.requests().get(0);
        assertThat(req.getHeader("X-Amz-Invocation-Type")).isEqualTo("Event");
        JsonNode payload = new ObjectMapper().readTree(req.getBodyAsString());
        assertThat(payload.path("action").asText()).isEqualTo("lambda:invoke");
        assertThat(payload.path("target").asText()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
        assertThat(payload.path("event").path("id").asText()).isEqualTo("evt-0001");
        assertThat(payload.path("event").path("detail").isObject()).isTrue();
        assertThat(req.getBodyAsString())
                .isEqualTo(r.requests().get(0).parameters().get("Payload"));
    }

    @Test
    void aSynchronousFunctionErrorFails() {
        aws.stub(
                post(urlEqualTo(INVOKE_PATH)),
                aResponse()
                        .withStatus(200)
                        .withHeader("X-Amz-Function-Error", "Unhandled")
                        .withHeader("x-amzn-RequestId", "req-invoke")
                        .withBody("{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}"));

        ExecutionResult r = new InvokeFunction(aws.clients())
                .execute(ctx(
                        "lambda:invoke",
                        null,
                        Map.of("functionName", "responder", "invocationType", "RequestResponse")));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error())
                .isEqualTo("function error (Unhandled): {\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
        assertThat(r.awsRequestId()).isEqualTo("req-invoke");
        assertThat(aws.requests().get(0).getHeader("X-Amz-Invocation-Type")).isEqualTo("RequestResponse");
    }

    @Test
    void aMissingFunctionFails() {
        aws.stub(
                post(urlEqualTo(INVOKE_PATH)),
                jsonError(404, "ResourceNotFoundException", "Function not found: responder"));

        ExecutionResult r = new InvokeFunction(aws.clients())
                .execute(ctx("lambda:invoke", null, Map.of("functionName", "responder")));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("ResourceNotFoundException: Function not found: responder");
    }

    @Test
    void checksNamesAndInvocationTypes() {
        InvokeFunction h = new InvokeFunction(null);
        assertThat(h.check(new ActionCommand(
                        "lambda:invoke",
                        null,
                        Map.of("functionName", "arn:aws:lambda:us-east-1:111122223333:function:responder:live"))))
                .isEmpty();
        assertThat(h.check(new ActionCommand(
                        "lambda:invoke", null, Map.of("functionName", "re sponder", "invocationType", "DryRun"))))
                .containsExactly(
                        "lambda:invoke functionName 're sponder' is not a Lambda function name or ARN",
                        "lambda:invoke invocationType 'DryRun' is not one of Event, RequestResponse");
    }
}
