package dev.riposte.aws.action.iam;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.IamNames;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.ListGroupsForUserResponse;

/**
 * {@code iam:remove-user-from-groups}: take a user out of every group (or only the named ones), removing the
 * permissions groups grant. The audit log keeps each group removed, which is what restoring needs.
 * A membership already gone counts as done. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RemoveUserFromGroups extends AwsHandler {
    private static final ActionSpec SPEC = ActionSpec.builder("iam:remove-user-from-groups")
            .description("Remove an IAM user from all its groups (or only the groups listed)")
            .targetType("AWS::IAM::User")
            .params(
                    ParamSpec.optional("groups", ParamSpec.Type.LIST, "only these group names"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("iam:ListGroupsForUser", "iam:RemoveUserFromGroup")
            .build();

    @Inject
    public RemoveUserFromGroups(AwsClients clients) {
        super(SPEC, IamTargets.USER, clients);
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String user = user(ctx);
        List<String> only = only(ctx);
        List<AwsRequest> plan = new ArrayList<>();
        plan.add(list(user, null));
        if (only.isEmpty()) {
            plan.add(remove("<each-group-of:" + user + ">", user));
        } else {
            only.forEach(g -> plan.add(remove(g, user)));
        }
        return plan;
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String user = user(ctx);
        List<String> only = only(ctx);
        return Execution.execute(goneCodes(), exec -> {
            List<String> groups = new ArrayList<>();
            String marker = null;
            do {
                String m = marker;
                ListGroupsForUserResponse page = exec.read(
                        list(user, m),
                        () -> clients.iam(ctx)
                                .listGroupsForUser(b -> b.userName(user).marker(m)));
                page.groups().stream().map(Group::groupName).forEach(groups::add);
                marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
            } while (marker != null);
            for (String g : groups) {
                if (only.isEmpty() || only.contains(g)) {
                    exec.change(
                            remove(g, user),
                            IamErrors.GONE,
                            () -> clients.iam(ctx)
                                    .removeUserFromGroup(b -> b.groupName(g).userName(user)));
                }
            }
            return exec.succeeded();
        });
    }

    private static String user(ActionContext ctx) {
        return IamNames.requireUser(ctx.target());
    }

    private static List<String> only(ActionContext ctx) {
        Object groups = ctx.command().params().get("groups");
        return groups instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    static AwsRequest list(String user, String marker) {
        return request("iam", "ListGroupsForUser", "UserName", user, "Marker", marker);
    }

    static AwsRequest remove(String group, String user) {
        return request("iam", "RemoveUserFromGroup", "GroupName", group, "UserName", user);
    }
}
