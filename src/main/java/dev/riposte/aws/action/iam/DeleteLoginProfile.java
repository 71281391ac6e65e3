package dev.riposte.aws.action.iam;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.IamNames;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code iam:delete-login-profile}: remove an IAM user's console password (access keys are untouched). A user
 * without one (or no longer there) answers NoSuchEntity: nothing to do, so skipped.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class DeleteLoginProfile extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("iam:delete-login-profile")
            .description("Delete an IAM user's console password (login profile)")
            .targetType("AWS::IAM::User")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("iam:DeleteLoginProfile")
            .build();

    @Inject
    public DeleteLoginProfile(AwsClients clients) {
        super(SPEC, IamTargets.USER, clients);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String user = IamNames.requireUser(ctx.target());
        return new SingleChange(delete(user), dryRun -> clients.iam(ctx).deleteLoginProfile(b -> b.userName(user)));
    }

    static AwsRequest delete(String user) {
        return request("iam", "DeleteLoginProfile", "UserName", user);
    }
}
