package dev.riposte.aws.action.iam;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
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
import java.util.Set;

/**
 * {@code iam:attach-deny-all-policy}: attach the AWS managed policy AWSDenyAll to a user or role, which overrides
 * every allow (including for sessions already issued) and is removed again with one detach. Attaching it twice
 * is not an error for IAM. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class AttachDenyAllPolicy extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("iam:attach-deny-all-policy")
            .description(
                    "Attach the AWS managed policy AWSDenyAll to an IAM user or role (target: ARN, or name with the type parameter)")
            .targetType("AWS::IAM::User|AWS::IAM::Role")
            .params(
                    ParamSpec.optional("type", ParamSpec.Type.STRING, "user or role, when the target is a bare name"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("iam:AttachUserPolicy", "iam:AttachRolePolicy")
            .build();

    @Inject
    public AttachDenyAllPolicy(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "arn:aws:iam::111122223333:user/alice");
    }

    @Override
    public List<String> check(ActionCommand command) {
        return IamNames.identity(command.target(), (String) command.params().get("type")) == null
                ? List.of("iam:attach-deny-all-policy target '" + command.target() + "' is not an IAM user or role ARN,"
                        + " nor a name with type user|role")
                : List.of();
    }

    @Override
    public Set<String> goneCodes() {
        return IamErrors.GONE;
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        IamNames.Identity id = identity(ctx);
        String policy = policyArn(id);
        return new SingleChange(
                attach(id),
                id.isUser()
                        ? dryRun -> clients.iam(ctx)
                                .attachUserPolicy(b -> b.userName(id.name()).policyArn(policy))
                        : dryRun -> clients.iam(ctx)
                                .attachRolePolicy(b -> b.roleName(id.name()).policyArn(policy)));
    }

    private static IamNames.Identity identity(ActionContext ctx) {
        return IamNames.requireIdentity(ctx.target(), ctx.param("type", null), "an IAM user or role");
    }

    static String policyArn(IamNames.Identity id) {
        return "arn:" + id.partition() + ":iam::aws:policy/AWSDenyAll";
    }

    static AwsRequest attach(IamNames.Identity id) {
        return id.isUser()
                ? request("iam", "AttachUserPolicy", "UserName", id.name(), "PolicyArn", policyArn(id))
                : request("iam", "AttachRolePolicy", "RoleName", id.name(), "PolicyArn", policyArn(id));
    }
}
