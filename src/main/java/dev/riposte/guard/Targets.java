package dev.riposte.guard;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Resource;

/** Finds the event's own description of a command's target. */
final class Targets {
    private Targets() {}

    /** The resource of the triggering event that the command targets (by id or ARN), or null. */
    static Resource of(ActionContext ctx) {
        String target = ctx.target();
        if (target == null || ctx.event() == null) {
            return null;
        }
        for (Resource r : ctx.event().resources()) {
            if (target.equals(r.id()) || target.equals(r.arn())) {
                return r;
            }
        }
        return null;
    }
}
