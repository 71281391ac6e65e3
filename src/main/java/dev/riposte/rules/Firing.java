package dev.riposte.rules;

/**
 * One command a rule emitted.
 *
 * @param rule    name of the rule that inserted the command
 * @param mode    the rule's {@code @mode} metadata ({@code "shadow"} forces dry-run), null when absent
 * @param command an {@link dev.riposte.command.ActionCommand} or {@link dev.riposte.command.PlaybookRun}
 */
public record Firing(String rule, String mode, Object command) {
}
