package dev.riposte.replay;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;

/**
 * An action that can plan but never execute. Replay builds its catalogue from these, so even a
 * dispatcher misconfigured to run live could not reach AWS: the guarantee does not rest on a flag.
 */
record PlanOnly(ActionHandler handler) implements ActionHandler {

    static ActionCatalogue catalogue(ActionCatalogue live) {
        return new ActionCatalogue(live.specs().stream()
                .map(s -> (ActionHandler) new PlanOnly(live.find(s.id()).orElseThrow()))
                .toList());
    }

    @Override
    public ActionSpec spec() {
        return handler.spec();
    }

    @Override
    public List<String> check(ActionCommand command) {
        return handler.check(command);
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return handler.plan(ctx);
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        throw new IllegalStateException("replay never calls AWS: " + spec().id() + " was asked to execute");
    }
}
