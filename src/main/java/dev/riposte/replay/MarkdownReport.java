package dev.riposte.replay;

import dev.riposte.text.Human;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as GitHub-flavoured Markdown: summary, per-rule table, outcomes, rejections, diff, timeline. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(ReplayReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Riposte replay report\n\n");
        b.append("Dry-run replay: no AWS call was made.\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "Rule set", "`" + r.rulesVersion() + "` (" + r.ruleCount() + " rules)");
        row(b, "Files", Human.number(r.files()));
        row(b, "Inputs", Human.number(r.inputs()));
        row(b, "Facts evaluated", Human.number(r.facts()));
        row(b, "Rejected", Human.number(r.rejected()));
        if (r.outsideWindow() > 0) {
            row(b, "Outside --since/--until", Human.number(r.outsideWindow()));
        }
        if (r.late() > 0) {
            row(b, "Out of order (evaluated late)", Human.number(r.late()));
        }
        row(b, "Event time", r.firstEvent() == null ? "-" : r.firstEvent() + " .. " + r.lastEvent());
        row(
                b,
                "Duration",
                Human.duration(Duration.ofMillis(r.durationMs())) + " (" + Human.number(r.factsPerSecond())
                        + " facts/s)");
        b.append("\n## Rules\n\n| Rule | Matches | Commands | Distinct targets | If live |\n|---|---:|---|---:|---|\n");
        for (ReplayReport.RuleRow row : r.rules()) {
            b.append("| ")
                    .append(cell(row.rule()))
                    .append(" | ")
                    .append(Human.number(row.matches()))
                    .append(" | ")
                    .append(cell(commands(row.commands())))
                    .append(" | ")
                    .append(row.targetsCapped() ? ">= " : "")
                    .append(Human.number(row.targets()))
                    .append(" | ")
                    .append(live(row.live()))
                    .append(" |\n");
        }
        b.append("\n## Outcomes\n\n");
        if (r.outcomes().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| Outcome | Records |\n|---|---:|\n");
            r.outcomes()
                    .forEach((k, v) -> b.append("| ")
                            .append(k)
                            .append(" | ")
                            .append(Human.number(v))
                            .append(" |\n"));
        }
        if (r.simulation() != null) {
            b.append(
                            "\n## If live\n\nWhat the guard rails would have done with the planned commands with `riposte.dry-run=false`,")
                    .append(" on event time:\n\n");
            r.simulation()
                    .sentences()
                    .forEach(x -> b.append("- ").append(cell(x)).append("\n"));
        }
        examples(b, r.rules());
        if (!r.rejections().isEmpty()) {
            b.append("\n## Rejected inputs")
                    .append(
                            r.rejected() > r.rejections().size()
                                    ? " (first " + r.rejections().size() + ")"
                                    : "")
                    .append("\n\n| Input | Reason |\n|---|---|\n");
            r.rejections()
                    .forEach(x -> b.append("| ")
                            .append(cell(x.input()))
                            .append(" | ")
                            .append(cell(x.reason()))
                            .append(" |\n"));
        }
        if (r.diff() != null) {
            diff(b, r.diff());
        }
        b.append("\n## Commands over time\n\n");
        if (r.timeline().buckets().isEmpty()) {
            b.append("No command was planned.\n");
        } else {
            b.append("Buckets of ")
                    .append(Human.duration(Duration.ofSeconds(r.timeline().bucketSeconds())))
                    .append(" of event time.\n\n| From | Commands |\n|---|---|\n");
            r.timeline()
                    .buckets()
                    .forEach(x -> b.append("| ")
                            .append(x.start())
                            .append(" | ")
                            .append(cell(commands(x.commands())))
                            .append(" |\n"));
        }
        return b.toString();
    }

    private static void diff(StringBuilder b, ReplayReport.Diff d) {
        b.append("\n## Difference to rule set `").append(d.otherVersion()).append("`\n\n");
        if (!d.differs()) {
            b.append("Both rule sets plan the same commands.\n");
            return;
        }
        b.append(d.added())
                .append(" added, ")
                .append(d.removed())
                .append(" removed, ")
                .append(d.changed())
                .append(" changed.\n\n");
        b.append("| Rule | Added | Removed | Changed |\n|---|---:|---:|---:|\n");
        d.rules()
                .forEach(x -> b.append("| ")
                        .append(cell(x.rule()))
                        .append(" | ")
                        .append(x.added())
                        .append(" | ")
                        .append(x.removed())
                        .append(" | ")
                        .append(x.changed())
                        .append(" |\n"));
        b.append("\nExamples:\n\n");
        for (ReplayReport.RuleDiff x : d.rules()) {
            for (ReplayReport.Example e : x.examples()) {
                b.append("- **")
                        .append(e.change())
                        .append("** ")
                        .append(cell(x.rule()))
                        .append(": event `")
                        .append(e.eventId())
                        .append("` (")
                        .append(e.eventTime())
                        .append(", ")
                        .append(cell(e.input()))
                        .append("): ")
                        .append(e.before() == null ? "" : "was " + command(e.before()))
                        .append(e.before() != null && e.after() != null ? ", " : "")
                        .append(e.after() == null ? "" : "now " + command(e.after()))
                        .append("\n");
            }
        }
    }

    /** Up to three decisions per rule, with why. */
    private static void examples(StringBuilder b, List<ReplayReport.RuleRow> rows) {
        if (rows.stream().allMatch(x -> x.examples().isEmpty())) {
            return;
        }
        b.append("\n## Examples\n\nUp to ")
                .append(ReplayReport.RuleRow.EXAMPLES)
                .append(" decisions per rule, one of each kind.\n\n")
                .append("| Rule | Event | Command | Decision | If live |\n|---|---|---|---|---|\n");
        for (ReplayReport.RuleRow row : rows) {
            for (ReplayReport.Decision d : row.examples()) {
                b.append("| ")
                        .append(cell(row.rule()))
                        .append(" | `")
                        .append(cell(d.eventId()))
                        .append("` ")
                        .append(cell(d.eventTime()))
                        .append(" (")
                        .append(cell(d.input()))
                        .append(") | `")
                        .append(cell(d.action()))
                        .append(d.target() == null ? "" : " " + cell(d.target()))
                        .append("` | ")
                        .append(cell(d.outcome().value()))
                        .append(d.reason() == null ? "" : ": " + cell(d.reason()))
                        .append(" | ")
                        .append(
                                d.live() == null
                                        ? "-"
                                        : ReplayReport.Simulation.word(d.live()) + " at " + cell(d.liveAt())
                                                + (d.liveReason() == null ? "" : ": " + cell(d.liveReason())))
                        .append(" |\n");
            }
        }
    }

    static String live(Map<String, Long> byOutcome) {
        return byOutcome.isEmpty()
                ? "-"
                : byOutcome.entrySet().stream()
                        .map(e -> Human.number(e.getValue()) + " " + ReplayReport.Simulation.word(e.getKey()))
                        .collect(Collectors.joining(", "));
    }

    static String command(ReplayReport.Command c) {
        return "`" + c.action() + " " + c.target() + (c.params().isEmpty() ? "" : " " + c.params()) + "` by "
                + c.rule();
    }

    static String commands(Map<String, Long> byAction) {
        return byAction.isEmpty()
                ? "-"
                : byAction.entrySet().stream()
                        .map(e -> e.getKey() + " x" + Human.number(e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    /** Table cells cannot hold pipes or newlines. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
