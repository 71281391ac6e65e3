package dev.riposte.aws.action;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;

/**
 * An action that is one AWS call, the most common kind: it says what that call is ({@link #change}), and its plan,
 * execution and DryRun validation follow. Public: handlers in every {@code aws.action.<service>} package implement it.
 */
public interface SingleChangeAction extends AwsAction {

    /** The call for {@code ctx}, built without calling AWS. */
    SingleChange change(ActionContext ctx);

    @Override
    default List<AwsRequest> plan(ActionContext ctx) {
        return List.of(change(ctx).request());
    }

    @Override
    default ExecutionResult run(ActionContext ctx, Execution exec) {
        return change(ctx).send(exec);
    }
}
