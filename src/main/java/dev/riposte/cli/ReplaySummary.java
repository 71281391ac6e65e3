package dev.riposte.cli;

import dev.riposte.audit.AuditRecord;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts what a replay decided: per rule matches, commands by action and distinct targets; totals; rejections. */
final class ReplaySummary {
    static final class RuleStats {
        long matches;
        final Map<String, Long> commandsByAction = new TreeMap<>();
        final Set<String> targets = new TreeSet<>();
    }

    private final Map<String, RuleStats> rules = new TreeMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<String, String> rejected = new LinkedHashMap<>();
    private long inputs;
    private long rejectedCount;
    private long outsideWindow;
    private final Set<String> events = new TreeSet<>();

    void input() {
        inputs++;
    }

    void outsideWindow() {
        outsideWindow++;
    }

    void add(List<String> rulesFired, List<AuditRecord> records) {
        rulesFired.forEach(r -> rules.computeIfAbsent(r, k -> new RuleStats()).matches++);
        for (AuditRecord a : records) {
            outcomes.merge(a.outcome(), 1L, Long::sum);
            if ("rejected".equals(a.outcome())) {
                rejectedCount++;
                if (rejected.size() < 20) {
                    rejected.put(a.input(), a.error());
                }
                continue;
            }
            if (events.size() < 1_000_000) {
                events.add(a.eventId());
            }
            if (a.rule() != null && a.action() != null) {
                RuleStats s = rules.computeIfAbsent(a.rule(), k -> new RuleStats());
                s.commandsByAction.merge(a.action(), 1L, Long::sum);
                if (a.target() != null) {
                    s.targets.add(a.target());
                }
            }
        }
    }

    long rejected() {
        return rejectedCount;
    }

    Map<String, RuleStats> rules() {
        return rules;
    }

    Map<String, Long> outcomes() {
        return outcomes;
    }

    void print(PrintWriter out, String rulesVersion) {
        out.printf("Replay (dry-run, rule set %s): %d inputs, %d rejected%s%n", rulesVersion, inputs, rejectedCount,
                outsideWindow > 0 ? ", " + outsideWindow + " facts outside --since/--until" : "");
        out.println();
        if (rules.isEmpty()) {
            out.println("No rule fired.");
        } else {
            out.printf("%-60s %8s  %-40s %8s%n", "RULE", "MATCHES", "COMMANDS", "TARGETS");
            rules.forEach((name, s) -> {
                String cmds = s.commandsByAction.isEmpty() ? "-" : s.commandsByAction.entrySet().stream()
                        .map(e -> e.getKey() + " x" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("-");
                out.printf("%-60s %8d  %-40s %8d%n", truncate(name, 60), s.matches, cmds, s.targets.size());
            });
        }
        out.println();
        out.println("Outcomes: " + (outcomes.isEmpty() ? "none" : outcomes.toString().replaceAll("[{}]", "")));
        if (!rejected.isEmpty()) {
            out.println("Rejected inputs" + (rejectedCount > rejected.size() ? " (first " + rejected.size() + ")" : "") + ":");
            rejected.forEach((where, why) -> out.printf("  %s: %s%n", where, why));
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
