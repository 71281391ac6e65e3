package dev.riposte.rules;

import dev.riposte.fact.SecurityEvent;

/**
 * One command a rule emitted.
 *
 * @param rule    name of the rule that inserted the command
 * @param mode    the rule's {@code @mode} metadata ({@code "shadow"} forces dry-run), null when absent
 * @param command an {@link dev.riposte.command.ActionCommand} or {@link dev.riposte.command.PlaybookRun}
 * @param about   the event the decision is about: the evaluated event when the rule matched it, else the newest
 *                event the rule matched (a rule that fires as time passes, e.g. a {@code not ... after[0s, 5m] $e},
 *                fires while a later event is evaluated, or on a tick, and is about {@code $e}); null when the rule
 *                matched no event
 */
public record Firing(String rule, String mode, Object command, SecurityEvent about) {}
