package dev.riposte.aws.action.iam;

import static dev.riposte.aws.action.iam.IamTestSupport.ctx;
import static dev.riposte.aws.action.iam.IamTestSupport.empty;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevokeRoleSessionsTest {
    private static final String POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
                    + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-05-01T12:30:00Z\"}}}]}";
    private final AwsWire aws = new AwsWire();
    private final RevokeRoleSessions handler = new RevokeRoleSessions(
            aws.clients(), Clock.fixed(Instant.parse("2024-05-01T12:30:00.250Z"), ZoneOffset.UTC));

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void deniesSessionsIssuedBeforeNow() {
        aws.ok("PutRolePolicy", empty("PutRolePolicy"));
        ActionContext ctx =
                ctx("iam:revoke-role-sessions", "arn:aws:sts::111122223333:assumed-role/app-role/session-1", Map.of());

        ExecutionResult r = handler.execute(ctx);

        assertThat(handler.plan(ctx))
                .containsExactly(new AwsRequest(
                        "iam",
                        "PutRolePolicy",
                        Map.of(
                                "RoleName",
                                "app-role",
                                "PolicyName",
                                "AWSRevokeOlderSessions",
                                "PolicyDocument",
                                POLICY)));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "PutRolePolicy",
                                "Version",
                                "2010-05-08",
                                "RoleName",
                                "app-role",
                                "PolicyName",
                                "AWSRevokeOlderSessions",
                                "PolicyDocument",
                                POLICY)));
    }

    @Test
    void takesRolesOnly() {
        assertThat(handler.check(ActionCommand.of("iam:revoke-role-sessions", "app-role")))
                .isEmpty();
        assertThat(handler.check(ActionCommand.of("iam:revoke-role-sessions", "arn:aws:s3:::bucket")))
                .hasSize(1);
        assertThat(handler.check(ActionCommand.of("iam:revoke-role-sessions", "arn:aws:iam::111122223333:user/alice")))
                .containsExactly(
                        "iam:revoke-role-sessions target 'arn:aws:iam::111122223333:user/alice' is not an IAM role"
                                + " name, role ARN or assumed-role session ARN");
    }
}
