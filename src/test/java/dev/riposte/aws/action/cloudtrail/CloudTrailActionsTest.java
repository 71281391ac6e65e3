package dev.riposte.aws.action.cloudtrail;

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

/** cloudtrail:start-logging against a local CloudTrail (JSON 1.1 protocol). */
class CloudTrailActionsTest {
    private static final String OP = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.StartLogging";
    private static final String ARN = "arn:aws:cloudtrail:us-west-2:111122223333:trail/org-trail";

    private final RestWire aws = new RestWire();
    private final StartLogging handler = new StartLogging(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(String target) {
        return new ActionContext(
                ActionCommand.of("cloudtrail:start-logging", target),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void startsTheTrailInItsHomeRegion() {
        aws.stub(jsonOp(OP), json(200, "{}"));
        ActionContext ctx = ctx(ARN);

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .isEqualTo(handler.plan(ctx))
                .containsExactly(new AwsRequest("cloudtrail", "StartLogging", Map.of("Name", ARN)));
        assertThat(aws.requests()).singleElement().satisfies(q -> {
            assertThat(q.getBodyAsString()).isEqualTo("{\"Name\":\"" + ARN + "\"}");
            assertThat(q.getHeader("Authorization")).contains("/us-west-2/cloudtrail/aws4_request");
        });
    }

    @Test
    void aTrailByNameActsInTheEventsRegion() {
        aws.stub(jsonOp(OP), json(200, "{}"));

        assertThat(handler.execute(ctx("main-trail")).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.requests().get(0).getHeader("Authorization")).contains("/us-east-1/cloudtrail/aws4_request");
    }

    @Test
    void aGoneTrailIsSkipped() {
        aws.stub(jsonOp(OP), jsonError(400, "TrailNotFoundException", "Unknown trail: " + ARN));

        ExecutionResult r = handler.execute(ctx(ARN));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("TrailNotFoundException: Unknown trail: " + ARN);
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen(() -> jsonOp(OP), jsonError(400, "ThrottlingException", "Rate exceeded"), json(200, "{}"));

        assertThat(handler.execute(ctx(ARN)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(OP, OP);
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.stub(
                jsonOp(OP),
                jsonError(400, "AccessDeniedException", "not authorized to perform: cloudtrail:StartLogging"));

        ExecutionResult r = handler.execute(ctx(ARN));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDeniedException: not authorized to perform: cloudtrail:StartLogging");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
    }

    @Test
    void checksTheTarget() {
        assertThat(handler.check(ActionCommand.of("cloudtrail:start-logging", ARN)))
                .isEmpty();
        assertThat(handler.check(ActionCommand.of("cloudtrail:start-logging", "a b")))
                .containsExactly("cloudtrail:start-logging target 'a b' is not a trail name or trail ARN");
    }
}
