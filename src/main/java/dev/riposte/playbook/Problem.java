package dev.riposte.playbook;

/**
 * Something wrong in a playbook file, shown as {@code file:line: message} with a hint. Public: the CLI and the
 * rule loading report them with the rule problems.
 */
public record Problem(String file, int line, String message, String hint) {

    @Override
    public String toString() {
        String head = file + ":" + line + ": " + message;
        return hint == null ? head : head + "\n  hint: " + hint;
    }
}
