package dev.riposte.rules;

/**
 * A compile or lint problem in a rule file, shown to rule authors as {@code file:line: message}.
 *
 * @param file path relative to the rule root (as in {@link RuleFile#path()})
 * @param line 1-based line number
 * @param hint what to do about it, may be null
 */
public record Problem(String file, int line, String message, String hint) {

    @Override
    public String toString() {
        String head = file + ":" + line + ": " + message;
        return hint == null ? head : head + "\n  hint: " + hint;
    }
}
