package dev.riposte.replay;

import dev.riposte.decision.Outcome;
import dev.riposte.text.Human;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a replay found, in the shape of the JSON report ({@code --report FILE.json}); the Markdown,
 * HTML and terminal renderings show the same content. Public: the CLI prints and writes it.
 *
 * @param rulesVersion   version (content hash) of the rule set replayed
 * @param ruleCount      rules in it
 * @param files          event files read
 * @param inputs         facts evaluated plus inputs rejected
 * @param facts          facts evaluated by the rules
 * @param rejected       inputs rejected (unreadable, not an event) and facts a rule failed on
 * @param outsideWindow  facts skipped by --since/--until
 * @param late           facts that arrived after later ones had been evaluated (more disorder than the reorder buffers absorb)
 * @param firstEvent     event time of the earliest fact evaluated (ISO-8601), null when none
 * @param lastEvent      event time of the latest fact evaluated, null when none
 * @param durationMs     wall time of the replay
 * @param factsPerSecond facts evaluated per second of wall time
 * @param rules          one row per rule of the set, including those that never fired
 * @param outcomes       audit records by outcome ({@code planned}: what the rules asked, after the cooldown and the
 *                       other checks that hold on event time)
 * @param simulation     what live ({@code riposte.dry-run=false}) would have done with the planned commands, on event time
 * @param rejections     the first rejected inputs with their reasons
 * @param timeline       planned commands over event time
 * @param diff           the difference to the --compare-rules set, null without one
 */
public record ReplayReport(
        String rulesVersion,
        int ruleCount,
        int files,
        long inputs,
        long facts,
        long rejected,
        long outsideWindow,
        long late,
        String firstEvent,
        String lastEvent,
        long durationMs,
        long factsPerSecond,
        List<RuleRow> rules,
        Map<String, Long> outcomes,
        Simulation simulation,
        List<Rejection> rejections,
        Timeline timeline,
        Diff diff) {

    /**
     * @param matches       facts the rule fired on
     * @param commands      commands it emitted, by action id
     * @param targets       distinct targets of those commands
     * @param targetsCapped true when more distinct targets existed than were counted
     * @param live          its planned commands by what live would have done ({@code executed}, {@code rate-limited},
     *                      {@code breaker-open}, {@code shadow}); empty when it planned none
     * @param examples      up to {@link #EXAMPLES} of its decisions, one of each kind first (planned, skipped, deduplicated...)
     */
    public record RuleRow(
            String rule,
            long matches,
            Map<String, Long> commands,
            long targets,
            boolean targetsCapped,
            Map<String, Long> live,
            List<Decision> examples) {
        public static final int EXAMPLES = 3;

        public long commandCount() {
            return commands.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One decision of a rule, as an example of why: the event, the command, its outcome with the reason, and what live
     * would have done with it.
     *
     * @param reason     why it was not simply planned (skipped, deduplicated, exempt...), null when it was
     * @param live       the simulated live outcome, null when there is none (not planned, or shadow)
     * @param liveAt     when live would have carried it out (event time)
     * @param liveReason why live would have parked, deferred or held it, null when it would have run at once
     */
    public record Decision(
            String eventId,
            String eventTime,
            String input,
            String action,
            String target,
            Outcome outcome,
            String reason,
            String live,
            String liveAt,
            String liveReason) {}

    /**
     * What the guard rails of live would have done with the planned commands, decided on event time by the same breaker
     * and rate limits the service runs (in memory; nothing calls AWS).
     *
     * @param executed            commands live would have carried out (at once or after a wait within max-wait)
     * @param deferred            commands the rate limits would have deferred past max-wait: carried out later, never dropped
     * @param longestDeferralMs   the longest of those deferrals
     * @param shadow              commands of {@code @mode("shadow")} rules, which live only plans too
     * @param parked              commands the blast-radius breaker would have parked
     * @param breakerOpenedAt     event time at which the breaker would have opened, null if it would not have
     * @param breakerReason       why it would have opened, null if it would not have
     * @param breakerOpenAccounts accounts whose own limit would have tripped
     * @param breakerLimit        {@code riposte.breaker.limit} simulated
     * @param perAccountLimit     {@code riposte.breaker.per-account-limit} simulated
     * @param breakerWindow       {@code riposte.breaker.window} (ISO-8601)
     * @param maxWait             {@code riposte.rate-limit.max-wait} (ISO-8601)
     * @param approvals           playbook steps that would have waited for an operator's approval
     * @param approvalsExpired    of those, the ones that expired on event time (no operator decides in a replay)
     * @param approvalsWaiting    of those, the ones still waiting when the events ended
     * @param approvalExpiry      {@code riposte.approvals.expiry} (ISO-8601)
     */
    public record Simulation(
            long executed,
            long deferred,
            long longestDeferralMs,
            long shadow,
            long parked,
            String breakerOpenedAt,
            String breakerReason,
            List<String> breakerOpenAccounts,
            int breakerLimit,
            int perAccountLimit,
            String breakerWindow,
            String maxWait,
            long approvals,
            long approvalsExpired,
            long approvalsWaiting,
            String approvalExpiry) {

        /** What these numbers mean, a sentence each for the breaker, the rate limits and approvals (every rendering prints them). */
        public List<String> sentences() {
            List<String> out = new ArrayList<>();
            String limit = "Breaker (riposte.breaker.limit " + Human.number(breakerLimit)
                    + (perAccountLimit == breakerLimit ? "" : ", per-account-limit " + Human.number(perAccountLimit))
                    + " per " + Human.duration(Duration.parse(breakerWindow)) + ")";
            out.add(
                    breakerOpenedAt == null
                            ? limit + ": would not have opened."
                            : limit + ": would have OPENED at " + breakerOpenedAt + " (" + breakerReason
                                    + ") and parked "
                                    + Human.number(parked) + (parked == 1 ? " command" : " commands")
                                    + " until an operator reset it"
                                    + (breakerOpenAccounts.isEmpty()
                                            ? "."
                                            : "; accounts over their own limit: "
                                                    + String.join(", ", breakerOpenAccounts) + "."));
            out.add("Rate limits: " + Human.number(executed) + " carried out (at once or within max-wait "
                    + Human.duration(Duration.parse(maxWait)) + ")"
                    + (deferred == 0
                            ? ", none deferred."
                            : ", " + Human.number(deferred) + " deferred and carried out later on event time (longest "
                                    + Human.duration(Duration.ofMillis(longestDeferralMs)) + "), none dropped.")
                    + (shadow == 0 ? "" : " " + Human.number(shadow) + " of shadow rules, only planned live too."));
            if (approvals > 0) {
                out.add("Approvals: " + Human.number(approvals)
                        + " playbook steps would have waited for an operator (expiry "
                        + Human.duration(Duration.parse(approvalExpiry)) + " of event time): "
                        + Human.number(approvalsExpired)
                        + " expired, " + Human.number(approvalsWaiting) + " still waiting when the events ended.");
            }
            return out;
        }

        /** A simulated live outcome as a short word: {@code run}, {@code deferred}, {@code parked}. */
        public static String word(String outcome) {
            return switch (outcome) {
                case "executed" -> "run";
                case "rate-limited" -> "deferred";
                case "breaker-open" -> "parked";
                default -> outcome; // shadow
            };
        }
    }

    public record Rejection(String input, String reason) {}

    /** Commands per action in buckets of {@code bucketSeconds} of event time, oldest first, empty buckets omitted. */
    public record Timeline(long bucketSeconds, List<Bucket> buckets) {}

    public record Bucket(String start, Map<String, Long> commands) {}

    /**
     * @param otherVersion version of the --compare-rules set
     * @param added        commands the other set plans that the current one does not
     * @param removed      commands the current set plans that the other one does not
     * @param changed      the same action on the same target for the same event, but from another rule or with other parameters
     */
    public record Diff(String otherVersion, long added, long removed, long changed, List<RuleDiff> rules) {
        public boolean differs() {
            return added + removed + changed > 0;
        }
    }

    public record RuleDiff(String rule, long added, long removed, long changed, List<Example> examples) {}

    /** @param change {@code added|removed|changed}; {@code before} null when added, {@code after} null when removed */
    public record Example(
            String change, String eventId, String eventTime, String input, Command before, Command after) {}

    /** A planned command as the diff compares it. */
    public record Command(String rule, String action, String target, Map<String, Object> params) {}
}
