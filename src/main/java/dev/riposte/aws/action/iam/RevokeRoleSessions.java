package dev.riposte.aws.action.iam;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.action.Target;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.IamNames;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code iam:revoke-role-sessions}: deny everything to sessions of a role issued before now, as the console's
 * "Revoke active sessions" does (inline policy AWSRevokeOlderSessions with an {@code aws:TokenIssueTime}
 * condition). New sessions keep working; putting the policy again moves the cut-off to the new now.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RevokeRoleSessions extends AwsHandler implements SingleChangeAction {
    static final String POLICY_NAME = "AWSRevokeOlderSessions";
    static final Target ROLE =
            new Target("arn:aws:iam::111122223333:role/app", RevokeRoleSessions::checkRole, IamErrors.GONE);

    private static final ActionSpec SPEC = ActionSpec.builder("iam:revoke-role-sessions")
            .description(
                    "Deny all actions to sessions of an IAM role issued before now (inline policy " + POLICY_NAME + ")")
            .targetType("AWS::IAM::Role")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("iam:PutRolePolicy")
            .build();

    private final Clock clock;

    @Inject
    public RevokeRoleSessions(AwsClients clients) {
        this(clients, Clock.systemUTC());
    }

    RevokeRoleSessions(AwsClients clients, Clock clock) {
        super(SPEC, ROLE, clients);
        this.clock = clock;
    }

    private static List<String> checkRole(String action, String target) {
        IamNames.Identity id = IamNames.identity(target, "role");
        return id == null || id.isUser()
                ? List.of(action + " target '" + target + "' is not an IAM role name, role ARN"
                        + " or assumed-role session ARN")
                : List.of();
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String role = role(ctx);
        Instant now = clock.instant();
        return new SingleChange(
                put(role, now),
                dryRun -> clients.iam(ctx)
                        .putRolePolicy(
                                b -> b.roleName(role).policyName(POLICY_NAME).policyDocument(document(now))));
    }

    private static String role(ActionContext ctx) {
        IamNames.Identity id = IamNames.requireIdentity(ctx.target(), "role", "an IAM role");
        if (id.isUser()) {
            throw new IllegalArgumentException(
                    "target '" + ctx.target() + "' is an IAM user; sessions are revoked for roles");
        }
        return id.name();
    }

    static String document(Instant now) {
        String cutOff = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],"
                + "\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + cutOff + "\"}}}]}";
    }

    static AwsRequest put(String role, Instant now) {
        return request(
                "iam", "PutRolePolicy", "RoleName", role, "PolicyName", POLICY_NAME, "PolicyDocument", document(now));
    }
}
