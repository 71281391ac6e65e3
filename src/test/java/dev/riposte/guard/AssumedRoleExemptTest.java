package dev.riposte.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.action.iam.RevokeRoleSessions;
import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.tags.AwsTagReader;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Throttle;
import dev.riposte.fact.Events;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iam:revoke-role-sessions} on a session ARN ({@code arn:aws:sts::A:assumed-role/R/S}): the exempt tag is
 * read from role R in account A (ListRoleTags RoleName=R), not from a role named after the session. The real
 * action, tag reader and guard rails against WireMock answering like IAM.
 */
class AssumedRoleExemptTest {
    private static final String SESSION = "arn:aws:sts::444455556666:assumed-role/app-role/session-1";

    @TempDir
    Path state;

    private final AwsWire aws = new AwsWire();
    private final TestClock clock = new TestClock(Events.T0);

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void aSessionOfAnExemptRoleIsExempt() {
        aws.ok("ListRoleTags", roleTags("<member><Key>riposte:exempt</Key><Value>true</Value></member>"));

        DispatchResult r = revoke();

        assertThat(r.outcome()).isEqualTo(Outcome.EXEMPT);
        assertThat(r.error()).contains("riposte:exempt=true").contains("current tags");
        assertThat(aws.calls()).singleElement().satisfies(c -> {
            assertThat(c.get("Action")).isEqualTo("ListRoleTags");
            assertThat(c.get("RoleName")).isEqualTo("app-role");
        });
    }

    @Test
    void aSessionOfARoleWithoutTheTagHasItsRoleRevoked() {
        aws.ok("ListRoleTags", roleTags("<member><Key>team</Key><Value>web</Value></member>"));
        aws.ok(
                "PutRolePolicy",
                "<PutRolePolicyResponse xmlns=\"" + AwsWire.IAM_NS + "\"><ResponseMetadata>"
                        + "<RequestId>r-2</RequestId></ResponseMetadata></PutRolePolicyResponse>");

        DispatchResult r = revoke();

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.calls())
                .extracting(c -> c.get("Action") + " " + c.get("RoleName"))
                .containsExactly("ListRoleTags app-role", "PutRolePolicy app-role");
        assertThat(aws.calls().get(1).get("PolicyName")).isEqualTo("AWSRevokeOlderSessions");
    }

    private DispatchResult revoke() {
        GuardSettings s = GuardSettings.defaults(state);
        GuardRails rails = new GuardRails(
                s, new AwsTagReader(aws.clients(), Throttle.NONE), new Breaker(s, List.of(), clock), clock);
        Dispatcher d = new Dispatcher(
                new ActionCatalogue(List.of(new RevokeRoleSessions(aws.clients()))),
                new DispatchSettings(false, false),
                List.of(rails));
        return d.dispatch(
                ActionCommand.of("iam:revoke-role-sessions", SESSION), Events.tor(1, Events.ACCOUNT, Map.of()), false);
    }

    private static String roleTags(String members) {
        return "<ListRoleTagsResponse xmlns=\"" + AwsWire.IAM_NS + "\"><ListRoleTagsResult>"
                + "<IsTruncated>false</IsTruncated><Tags>" + members + "</Tags></ListRoleTagsResult>"
                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListRoleTagsResponse>";
    }
}
