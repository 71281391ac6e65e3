package dev.riposte.aws.iam;

import static dev.riposte.aws.Requests.request;

import dev.riposte.aws.AwsClients;
import dev.riposte.aws.Execution;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * {@code iam:delete-login-profile}: remove an IAM user's console password (access keys are untouched). A user
 * without one (or no longer there) answers NoSuchEntity: nothing to do, so skipped.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class DeleteLoginProfile implements ActionHandler {
    private static final ActionSpec SPEC = new ActionSpec("iam:delete-login-profile",
            "Delete an IAM user's console password (login profile)",
            "AWS::IAM::User",
            List.of(ParamSpec.optional("reason", "string", "why, for the audit log")),
            List.of("iam:DeleteLoginProfile"),
            true, false);

    private final AwsClients clients;

    @Inject
    public DeleteLoginProfile(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public List<String> check(ActionCommand command) {
        IamNames.Identity id = IamNames.identity(command.target(), "user");
        return id == null || !id.isUser()
                ? List.of("iam:delete-login-profile target '" + command.target() + "' is not an IAM user name or user ARN")
                : List.of();
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(delete(user(ctx)));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String user = user(ctx);
        return Execution.execute(IamErrors.GONE, exec -> {
            exec.change(delete(user), Set.of(), () -> clients.iam(ctx).deleteLoginProfile(b -> b.userName(user)));
            return exec.succeeded();
        });
    }

    private static String user(ActionContext ctx) {
        return IamNames.requireIdentity(ctx.target(), "user", "an IAM user").name();
    }

    static AwsRequest delete(String user) {
        return request("iam", "DeleteLoginProfile", "UserName", user);
    }
}
