package dev.riposte.cli;

import dev.riposte.replay.ReplayReport;
import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/** The terminal summary of a replay: per rule matches, commands by action and distinct targets; totals; rejections; the diff. */
final class ReplaySummary {
    /** Longer rule names are cut so a row stays on one line of a wide terminal. */
    private static final int MAX_NAME = 100;

    private ReplaySummary() {
    }

    static void print(ReplayReport r, PrintWriter out) {
        out.printf("Replay (dry-run, rule set %s): %d files, %d inputs, %d facts evaluated, %d rejected%s%s, %d ms (%d facts/s)%n",
                r.rulesVersion(), r.files(), r.inputs(), r.facts(), r.rejected(),
                r.outsideWindow() > 0 ? ", " + r.outsideWindow() + " facts outside --since/--until" : "",
                r.late() > 0 ? ", " + r.late() + " facts out of order (evaluated late)" : "",
                r.durationMs(), r.factsPerSecond());
        if (r.firstEvent() != null) {
            out.printf("Event time %s .. %s%n", r.firstEvent(), r.lastEvent());
        }
        out.println();
        if (r.rules().stream().allMatch(x -> x.matches() == 0)) {
            out.println("No rule fired.");
        } else {
            int width = Math.min(MAX_NAME, Math.max(4, r.rules().stream().mapToInt(x -> x.rule().length()).max().orElse(4)));
            String format = "%-" + width + "s %8s  %-40s %8s%n";
            out.printf(format, "RULE", "MATCHES", "COMMANDS", "TARGETS");
            for (ReplayReport.RuleRow row : r.rules()) {
                out.printf(format, truncate(row.rule(), width), row.matches(), commands(row.commands()),
                        (row.targetsCapped() ? ">=" : "") + row.targets());
            }
        }
        out.println();
        out.println("Outcomes: " + (r.outcomes().isEmpty() ? "none" : r.outcomes().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        if (!r.rejections().isEmpty()) {
            out.println("Rejected inputs" + (r.rejected() > r.rejections().size() ? " (first " + r.rejections().size() + ")" : "") + ":");
            r.rejections().forEach(x -> out.printf("  %s: %s%n", x.input(), x.reason()));
        }
        if (r.diff() != null) {
            diff(r.diff(), out);
        }
    }

    private static void diff(ReplayReport.Diff d, PrintWriter out) {
        out.println();
        if (!d.differs()) {
            out.printf("No difference: rule set %s plans the same commands.%n", d.otherVersion());
            return;
        }
        out.printf("Difference to rule set %s: %d added, %d removed, %d changed%n", d.otherVersion(), d.added(), d.removed(), d.changed());
        for (ReplayReport.RuleDiff x : d.rules()) {
            out.printf("  %s: +%d -%d ~%d%n", x.rule(), x.added(), x.removed(), x.changed());
            for (ReplayReport.Example e : x.examples()) {
                out.printf("    %-7s event %s (%s, %s)%s%s%n", e.change(), e.eventId(), e.eventTime(), e.input(),
                        e.before() == null ? "" : " was " + command(e.before()),
                        e.after() == null ? "" : " now " + command(e.after()));
            }
        }
    }

    private static String command(ReplayReport.Command c) {
        return c.action() + " " + c.target() + (c.params().isEmpty() ? "" : " " + c.params()) + " [" + c.rule() + "]";
    }

    private static String commands(Map<String, Long> byAction) {
        return byAction.isEmpty() ? "-" : byAction.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
