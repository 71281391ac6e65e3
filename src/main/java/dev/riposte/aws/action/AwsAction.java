package dev.riposte.aws.action;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.AwsDryRun;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Set;

/**
 * An action whose live calls run on an {@link Execution}: it writes {@link #run} once, and {@link #execute} and, for
 * APIs with {@code DryRun}, {@link #validateWithAws} both run that same code. Public: every {@code aws.action.<service>}
 * package implements it.
 */
public interface AwsAction extends ActionHandler {

    /**
     * The AWS error codes meaning the target no longer exists: the action is then skipped, not failed. None by default,
     * for actions whose target is not a resource that can vanish (a topic to publish to, an account setting).
     */
    default Set<String> goneCodes() {
        return Set.of();
    }

    /** The calls, each recorded on {@code exec}; mutating SDK requests carry {@code .dryRun(exec.dryRunFlag())}. */
    ExecutionResult run(ActionContext ctx, Execution exec);

    @Override
    default ExecutionResult execute(ActionContext ctx) {
        return Execution.execute(goneCodes(), exec -> run(ctx, exec));
    }

    @Override
    default AwsDryRun validateWithAws(ActionContext ctx) {
        if (!spec().awsDryRun()) {
            // an API without DryRun would make the change for real: refuse, as every handler does by default
            return ActionHandler.super.validateWithAws(ctx);
        }
        return Execution.validate(goneCodes(), exec -> run(ctx, exec));
    }
}
