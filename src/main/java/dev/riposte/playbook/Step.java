package dev.riposte.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step as written: {@code params}, {@code target} and {@code when} may hold {@code ${...}} references.
 * Public: part of {@link Playbook}.
 *
 * @param number    1-based position in the playbook
 * @param target    the step's target template, null for the run's target
 * @param when      the condition, null to always run
 * @param onFailure {@code stop} (default) or {@code continue}
 * @param approval  true for {@code approval: required}
 * @param line      line of the step in its file
 */
public record Step(
        int number,
        String name,
        String action,
        String target,
        Map<String, Object> params,
        String when,
        String onFailure,
        boolean approval,
        int line) {

    public static final String STOP = "stop";
    public static final String CONTINUE = "continue";

    public Step {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean continueOnFailure() {
        return CONTINUE.equals(onFailure);
    }
}
