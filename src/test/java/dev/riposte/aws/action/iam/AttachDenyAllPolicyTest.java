package dev.riposte.aws.action.iam;

import static dev.riposte.aws.action.iam.IamTestSupport.ctx;
import static dev.riposte.aws.action.iam.IamTestSupport.empty;
import static dev.riposte.aws.client.AwsWire.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttachDenyAllPolicyTest {
    private final AwsWire aws = new AwsWire();
    private final AttachDenyAllPolicy handler = new AttachDenyAllPolicy(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void attachesToAUserByArn() {
        aws.ok("AttachUserPolicy", empty("AttachUserPolicy"));
        ActionContext ctx = ctx("iam:attach-deny-all-policy", "arn:aws:iam::111122223333:user/ops/alice", Map.of());

        ExecutionResult r = handler.execute(ctx);

        assertThat(handler.plan(ctx))
                .containsExactly(new AwsRequest(
                        "iam",
                        "AttachUserPolicy",
                        Map.of("UserName", "alice", "PolicyArn", "arn:aws:iam::aws:policy/AWSDenyAll")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "AttachUserPolicy",
                                "Version",
                                "2010-05-08",
                                "UserName",
                                "alice",
                                "PolicyArn",
                                "arn:aws:iam::aws:policy/AWSDenyAll")));
    }

    @Test
    void attachesToTheRoleOfASessionArnOrANamedRole() {
        aws.ok("AttachRolePolicy", empty("AttachRolePolicy"));

        handler.execute(
                ctx("iam:attach-deny-all-policy", "arn:aws:sts::111122223333:assumed-role/app-role/i-0123", Map.of()));
        handler.execute(ctx("iam:attach-deny-all-policy", "ci-role", Map.of("type", "role")));

        assertThat(aws.calls()).extracting(c -> c.get("RoleName")).containsExactly("app-role", "ci-role");
        assertThat(aws.actions()).containsOnly("AttachRolePolicy");
    }

    @Test
    void aGoneUserIsSkipped() {
        aws.answer("AttachUserPolicy", 404, iamError("NoSuchEntity", "The user with name alice cannot be found."));

        assertThat(handler.execute(ctx("iam:attach-deny-all-policy", "alice", Map.of("type", "user")))
                        .outcome())
                .isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void aBareNameNeedsItsType() {
        assertThat(handler.check(ActionCommand.of("iam:attach-deny-all-policy", "alice")))
                .containsExactly(
                        "iam:attach-deny-all-policy target 'alice' is not an IAM user or role ARN, nor a name with type user|role");
    }
}
