package dev.riposte.rules;

import java.util.List;

/**
 * What one event caused.
 *
 * @param rulesFired names of the rules that fired, in firing order, each once
 * @param firings    commands emitted, in insertion order
 */
public record Evaluation(List<String> rulesFired, List<Firing> firings) {
    /** Nothing fired. */
    public static final Evaluation NONE = new Evaluation(List.of(), List.of());

    public Evaluation {
        rulesFired = List.copyOf(rulesFired);
        firings = List.copyOf(firings);
    }

    public boolean matched() {
        return !rulesFired.isEmpty();
    }
}
