package dev.riposte.rules;

import java.time.Instant;
import java.util.List;

/**
 * Health of a {@link RuleEngine}, for the admin API and metrics.
 *
 * @param version     version of the active rule set
 * @param rules       number of rules in the active rule set
 * @param lastReload  when the active rule set was swapped in
 * @param lastErrors  problems of the last failed reload; empty once a reload succeeds
 */
public record RuleSetStatus(
        String version, int rules, Instant lastReload, List<Problem> lastErrors, long reloadsOk, long reloadsFailed) {

    public RuleSetStatus {
        lastErrors = List.copyOf(lastErrors);
    }
}
