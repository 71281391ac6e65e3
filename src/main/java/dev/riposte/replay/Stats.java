package dev.riposte.replay;

import dev.riposte.audit.AuditRecord;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Counts what the current rule set decided during a replay; bounded whatever the number of events. */
final class Stats {
    static final int MAX_REJECTIONS = 20;
    /** Distinct targets are counted exactly up to this many per rule, then reported as "at least". */
    static final int MAX_TARGETS = 100_000;

    private static final class Rule {
        long matches;
        final Map<String, Long> commands = new TreeMap<>();
        final Map<String, Long> live = new TreeMap<>();
        final Set<String> targets = new HashSet<>();
        final Map<String, ReplayReport.Decision> examples = new LinkedHashMap<>();
        boolean capped;

        /** The first decision of each kind (outcome and live outcome), up to {@link ReplayReport.RuleRow#EXAMPLES}. */
        void example(AuditRecord a, String live) {
            String kind = a.outcome() + "/" + live;
            if (examples.size() >= ReplayReport.RuleRow.EXAMPLES || examples.containsKey(kind)) {
                return;
            }
            Map<String, Object> sim = a.simulated();
            examples.put(
                    kind,
                    new ReplayReport.Decision(
                            a.eventId(),
                            a.eventTime(),
                            a.input(),
                            a.action(),
                            a.target(),
                            a.outcome(),
                            a.error(),
                            live,
                            sim == null ? null : (String) sim.get("at"),
                            sim == null ? null : (String) sim.get("reason")));
        }
    }

    private final Map<String, Rule> rules = new TreeMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<ReplayReport.Rejection> rejections = new ArrayList<>();
    private final Timeline timeline = new Timeline();
    long inputs;
    long facts;
    long rejected;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    Stats(List<String> ruleNames) {
        ruleNames.forEach(n -> rules.put(n, new Rule()));
    }

    void rejected(AuditRecord record) {
        inputs++;
        rejected++;
        outcomes.merge(record.outcome().value(), 1L, Long::sum);
        if (rejections.size() < MAX_REJECTIONS) {
            rejections.add(new ReplayReport.Rejection(record.input(), record.error()));
        }
    }

    void evaluated(SecurityEvent event, List<String> rulesFired, List<AuditRecord> records) {
        inputs++;
        facts++;
        first = Math.min(first, event.timestamp());
        last = Math.max(last, event.timestamp());
        for (String r : rulesFired) {
            rules.computeIfAbsent(r, k -> new Rule()).matches++;
        }
        for (AuditRecord a : records) {
            outcomes.merge(a.outcome().value(), 1L, Long::sum);
            if (a.rule() == null || a.action() == null) {
                continue;
            }
            Rule s = rules.computeIfAbsent(a.rule(), k -> new Rule());
            s.commands.merge(a.action(), 1L, Long::sum);
            String live = a.simulated() == null ? null : (String) a.simulated().get("outcome");
            if (live != null) {
                s.live.merge(live, 1L, Long::sum);
            }
            s.example(a, live);
            if (a.target() != null && !s.capped) {
                s.targets.add(a.target());
                s.capped = s.targets.size() >= MAX_TARGETS;
            }
            timeline.add(event.timestamp(), a.action());
        }
    }

    ReplayReport report(
            String version,
            int files,
            long outsideWindow,
            long late,
            long durationMs,
            ReplayReport.Simulation simulation,
            ReplayReport.Diff diff) {
        List<ReplayReport.RuleRow> rows = new ArrayList<>();
        rules.forEach((name, r) -> rows.add(new ReplayReport.RuleRow(
                name,
                r.matches,
                Collections.unmodifiableMap(r.commands),
                r.targets.size(),
                r.capped,
                Collections.unmodifiableMap(r.live),
                List.copyOf(r.examples.values()))));
        long perSecond = durationMs <= 0 ? facts * 1000 : facts * 1000 / durationMs;
        return new ReplayReport(
                version,
                rules.size(),
                files,
                inputs,
                facts,
                rejected,
                outsideWindow,
                late,
                facts == 0 ? null : Instant.ofEpochMilli(first).toString(),
                facts == 0 ? null : Instant.ofEpochMilli(last).toString(),
                durationMs,
                perSecond,
                List.copyOf(rows),
                Collections.unmodifiableMap(outcomes),
                simulation,
                List.copyOf(rejections),
                timeline.report(),
                diff);
    }
}
