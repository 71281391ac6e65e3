package dev.riposte.replay;

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
 * @param outcomes       audit records by outcome
 * @param rejections     the first rejected inputs with their reasons
 * @param timeline       planned commands over event time
 * @param diff           the difference to the --compare-rules set, null without one
 */
public record ReplayReport(String rulesVersion, int ruleCount, int files, long inputs, long facts, long rejected,
                           long outsideWindow, long late, String firstEvent, String lastEvent, long durationMs,
                           long factsPerSecond, List<RuleRow> rules, Map<String, Long> outcomes,
                           List<Rejection> rejections, Timeline timeline, Diff diff) {

    /**
     * @param matches       facts the rule fired on
     * @param commands      commands it emitted, by action id
     * @param targets       distinct targets of those commands
     * @param targetsCapped true when more distinct targets existed than were counted
     */
    public record RuleRow(String rule, long matches, Map<String, Long> commands, long targets, boolean targetsCapped) {
        public long commandCount() {
            return commands.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public record Rejection(String input, String reason) {
    }

    /** Commands per action in buckets of {@code bucketSeconds} of event time, oldest first, empty buckets omitted. */
    public record Timeline(long bucketSeconds, List<Bucket> buckets) {
    }

    public record Bucket(String start, Map<String, Long> commands) {
    }

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

    public record RuleDiff(String rule, long added, long removed, long changed, List<Example> examples) {
    }

    /** @param change {@code added|removed|changed}; {@code before} null when added, {@code after} null when removed */
    public record Example(String change, String eventId, String eventTime, String input, Command before, Command after) {
    }

    /** A planned command as the diff compares it. */
    public record Command(String rule, String action, String target, Map<String, Object> params) {
    }
}
