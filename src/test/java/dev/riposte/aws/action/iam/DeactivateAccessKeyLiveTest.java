package dev.riposte.aws.action.iam;

import static dev.riposte.aws.client.AwsWire.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeactivateAccessKeyLiveTest {
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String OK = "<UpdateAccessKeyResponse xmlns=\"" + AwsWire.IAM_NS + "\"><ResponseMetadata>"
            + "<RequestId>req-UpdateAccessKey</RequestId></ResponseMetadata></UpdateAccessKeyResponse>";

    private final AwsWire aws = new AwsWire();
    private final DeactivateAccessKey handler = new DeactivateAccessKey(aws.clients());
    private final ActionContext ctx = new ActionContext(
            ActionCommand.of("iam:deactivate-access-key", KEY),
            Events.withDetail("guardduty-iam-eventbridge.json"),
            Events.ACCOUNT,
            "us-east-1");

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void setsTheKeyInactive() {
        aws.ok("UpdateAccessKey", OK);

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-UpdateAccessKey");
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "UpdateAccessKey",
                                "Version",
                                "2010-05-08",
                                "AccessKeyId",
                                KEY,
                                "UserName",
                                "deploy-bot",
                                "Status",
                                "Inactive")));
    }

    @Test
    void aKeyThatNoLongerExistsIsSkipped() {
        aws.answer(
                "UpdateAccessKey",
                404,
                iamError("NoSuchEntity", "The Access Key with id " + KEY + " cannot be found."));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("NoSuchEntity: The Access Key with id " + KEY + " cannot be found.");
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen("UpdateAccessKey", 400, iamError("Throttling", "Rate exceeded"), OK);

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("UpdateAccessKey", "UpdateAccessKey");
    }

    @Test
    void accessDeniedFails() {
        aws.answer(
                "UpdateAccessKey",
                403,
                iamError("AccessDenied", "User is not authorized to perform: iam:UpdateAccessKey"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDenied: User is not authorized to perform: iam:UpdateAccessKey");
        assertThat(r.awsRequestId()).isEqualTo("err-req-1");
        assertThat(aws.actions()).containsExactly("UpdateAccessKey");
    }
}
