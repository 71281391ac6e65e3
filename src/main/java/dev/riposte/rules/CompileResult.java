package dev.riposte.rules;

import java.util.List;

/** Either a usable {@link RuleSet} (no problems) or the problems that prevented it (ruleSet null). */
public record CompileResult(RuleSet ruleSet, List<Problem> problems) {

    public CompileResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return ruleSet != null;
    }
}
