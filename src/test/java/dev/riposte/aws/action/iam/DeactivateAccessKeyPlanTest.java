package dev.riposte.aws.action.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.fact.Events;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeactivateAccessKeyPlanTest {
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private final DeactivateAccessKey handler = new DeactivateAccessKey(null); // planning never calls AWS

    private List<AwsRequest> plan(ActionCommand command, SecurityEvent event) {
        return handler.plan(new ActionContext(command, event, Events.ACCOUNT, "us-east-1"));
    }

    private static AwsRequest update(String user) {
        return new AwsRequest(
                "iam", "UpdateAccessKey", Map.of("AccessKeyId", KEY, "UserName", user, "Status", "Inactive"));
    }

    private static SecurityEvent withPrincipal(Principal p) {
        return Events.torClient().principal(p).build();
    }

    @Test
    void userNameParameterWins() {
        SecurityEvent e = withPrincipal(new Principal(null, "IAMUser", "someone-else", KEY, null, Events.ACCOUNT));
        assertThat(plan(ActionCommand.of("iam:deactivate-access-key", KEY).with("userName", "alice"), e))
                .containsExactly(update("alice"));
    }

    @Test
    void takesTheEventsIamUserResourceEvenByArn() {
        Resource user = new Resource(
                "AWS::IAM::User", "arn:aws:iam::111122223333:user/ops/bob", null, Events.ACCOUNT, null, Map.of());
        assertThat(plan(
                        ActionCommand.of("iam:deactivate-access-key", KEY),
                        Events.torClient().resources(user).build()))
                .containsExactly(update("bob"));
    }

    @Test
    void takesTheUserGuardDutyReportsForThatKey() {
        SecurityEvent e = Events.withDetail("guardduty-iam-eventbridge.json");
        assertThat(plan(ActionCommand.of("iam:deactivate-access-key", KEY), e)).containsExactly(update("deploy-bot"));
    }

    @Test
    void takesTheActingIamUserThatUsedTheKey() {
        SecurityEvent e = withPrincipal(new Principal(
                "arn:aws:iam::111122223333:user/carol", "IAMUser", "carol", KEY, "203.0.113.9", Events.ACCOUNT));
        assertThat(plan(ActionCommand.of("iam:deactivate-access-key", KEY), e)).containsExactly(update("carol"));
    }

    @Test
    void refusesToGuessTheOwner() {
        SecurityEvent role = withPrincipal(new Principal(
                "arn:aws:sts::111122223333:assumed-role/r/s", "AssumedRole", "r", KEY, null, Events.ACCOUNT));
        SecurityEvent otherKey =
                withPrincipal(new Principal(null, "IAMUser", "dave", "AKIAOTHERKEY00000000", null, Events.ACCOUNT));
        for (SecurityEvent e : List.of(role, otherKey)) {
            assertThatThrownBy(() -> plan(ActionCommand.of("iam:deactivate-access-key", KEY), e))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot tell which IAM user owns access key " + KEY
                            + ": the event names no IAM user; pass the userName parameter");
        }
    }

    @Test
    void checksTheTargetIsALongTermAccessKey() {
        assertThat(handler.check(ActionCommand.of("iam:deactivate-access-key", KEY)))
                .isEmpty();
        assertThat(handler.check(ActionCommand.of("iam:deactivate-access-key", "ASIAIOSFODNN7EXAMPLE")))
                .containsExactly("iam:deactivate-access-key target ASIAIOSFODNN7EXAMPLE is a temporary "
                        + "(STS) key and cannot be deactivated; use iam:revoke-role-sessions");
        assertThat(handler.check(ActionCommand.of("iam:deactivate-access-key", "alice")))
                .containsExactly("iam:deactivate-access-key target 'alice' is not an access key id (AKIA...)");
    }
}
