package dev.riposte.aws.action.iam;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.action.Target;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.IamNames;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * {@code iam:deactivate-access-key}: set a long-term access key to Inactive (reversible, unlike deleting it).
 * The owning user must be known: UpdateAccessKey without a user name acts on the caller's own key.
 * Public: wiring outside CDI (tests, CLI) constructs it.
 */
@ApplicationScoped
public class DeactivateAccessKey extends AwsHandler implements SingleChangeAction {
    static final Target ACCESS_KEY =
            new Target("AKIAIOSFODNN7EXAMPLE", DeactivateAccessKey::checkAccessKey, IamErrors.GONE);
    private static final ActionSpec SPEC = ActionSpec.builder("iam:deactivate-access-key")
            .description(
                    "Set an IAM user's access key to Inactive; the user is the userName parameter, else the event's"
                            + " IAM user resource or the IAM user that used the key")
            .targetType("AWS::IAM::AccessKey")
            .params(
                    ParamSpec.optional("userName", ParamSpec.Type.STRING, "IAM user that owns the key"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("iam:UpdateAccessKey")
            .build();

    @Inject
    public DeactivateAccessKey(AwsClients clients) {
        super(SPEC, ACCESS_KEY, clients);
    }

    @Override
    public ActionCommand example() {
        return super.example().with("userName", "alice");
    }

    private static List<String> checkAccessKey(String action, String key) {
        if (key != null && key.startsWith("ASIA")) {
            return List.of(action + " target " + key + " is a temporary (STS) key and cannot be"
                    + " deactivated; use iam:revoke-role-sessions");
        }
        return IamNames.isAccessKeyId(key)
                ? List.of()
                : List.of(action + " target '" + key + "' is not an access key id (AKIA...)");
    }

    /** UpdateAccessKey is idempotent: an already inactive key just stays inactive. */
    @Override
    public SingleChange change(ActionContext ctx) {
        String user = owner(ctx);
        return new SingleChange(
                updateAccessKey(ctx.target(), user),
                dryRun -> clients.iam(ctx)
                        .updateAccessKey(
                                b -> b.accessKeyId(ctx.target()).userName(user).status(StatusType.INACTIVE)));
    }

    static AwsRequest updateAccessKey(String accessKeyId, String userName) {
        return request(
                "iam", "UpdateAccessKey", "AccessKeyId", accessKeyId, "UserName", userName, "Status", "Inactive");
    }

    static String owner(ActionContext ctx) {
        String user = IamNames.keyOwner(ctx.param("userName", null), ctx.event(), ctx.target());
        if (user == null) {
            throw new IllegalArgumentException("cannot tell which IAM user owns access key " + ctx.target()
                    + ": the event names no IAM user; pass the userName parameter");
        }
        return user;
    }
}
