package dev.riposte.aws.action.iam;

import static dev.riposte.aws.action.iam.IamTestSupport.ctx;
import static dev.riposte.aws.action.iam.IamTestSupport.empty;
import static dev.riposte.aws.client.AwsWire.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeleteLoginProfileTest {
    private final AwsWire aws = new AwsWire();
    private final DeleteLoginProfile handler = new DeleteLoginProfile(aws.clients());
    private final ActionContext ctx = ctx("iam:delete-login-profile", "arn:aws:iam::111122223333:user/alice", Map.of());

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void deletesTheConsolePassword() {
        aws.ok("DeleteLoginProfile", empty("DeleteLoginProfile"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(
                                Map.of("Action", "DeleteLoginProfile", "Version", "2010-05-08", "UserName", "alice")));
    }

    @Test
    void noPasswordIsSkipped() {
        aws.answer(
                "DeleteLoginProfile", 404, iamError("NoSuchEntity", "Login Profile for User alice cannot be found."));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("NoSuchEntity: Login Profile for User alice cannot be found.");
    }

    @Test
    void takesUsersOnly() {
        assertThat(handler.check(ActionCommand.of("iam:delete-login-profile", "arn:aws:iam::111122223333:role/r")))
                .containsExactly(
                        "iam:delete-login-profile target 'arn:aws:iam::111122223333:role/r' is not an IAM user name or user ARN");
    }
}
