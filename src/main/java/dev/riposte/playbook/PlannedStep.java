package dev.riposte.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step of one run with its references filled in from the triggering facts. Public: the dispatcher
 * carries these out in order.
 *
 * @param selected false when its {@code when} is false for this run (the step is skipped)
 * @param error    why the step cannot run (a reference without a value), else null
 */
public record PlannedStep(
        int number,
        String name,
        String action,
        String target,
        Map<String, Object> params,
        boolean selected,
        String when,
        boolean continueOnFailure,
        boolean approval,
        String error) {

    public PlannedStep {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
