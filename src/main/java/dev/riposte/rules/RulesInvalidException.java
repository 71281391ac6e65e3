package dev.riposte.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a rule set that must load (the first one of a {@link RuleEngine}) does not compile or lint. */
public final class RulesInvalidException extends RuntimeException {

    private final List<Problem> problems;

    public RulesInvalidException(List<Problem> problems) {
        super("rules invalid:\n" + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
