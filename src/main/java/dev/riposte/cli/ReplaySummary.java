package dev.riposte.cli;

import dev.riposte.replay.ReplayReport;
import dev.riposte.text.Human;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The terminal summary of a replay, within {@link #WIDTH} columns: per rule matches, distinct targets, commands by action
 * and what live would have done with them (long names and lists wrap onto more lines, no column is dropped); totals and
 * outcomes; what the breaker, rate limits and approvals would have done on event time; example decisions per rule with
 * their reasons; rejections; the diff. Counts have separators, durations are in words.
 */
final class ReplaySummary {
    static final int WIDTH = 100;
    private static final int RULE = 29;
    private static final int MATCHES = 8;
    private static final int TARGETS = 7;
    private static final int COMMANDS = 38;
    private static final int LIVE = WIDTH - RULE - MATCHES - TARGETS - COMMANDS - 4;

    private ReplaySummary() {}

    static void print(ReplayReport r, PrintWriter out) {
        wrap(
                out,
                "",
                "Replay (dry-run, rule set " + r.rulesVersion() + "): " + n(r.files()) + " files, " + n(r.inputs())
                        + " inputs, " + n(r.facts()) + " facts evaluated, " + n(r.rejected()) + " rejected"
                        + (r.outsideWindow() > 0 ? ", " + n(r.outsideWindow()) + " facts outside --since/--until" : "")
                        + (r.late() > 0 ? ", " + n(r.late()) + " facts out of order (evaluated late)" : "")
                        + ", " + Human.duration(Duration.ofMillis(r.durationMs())) + " (" + n(r.factsPerSecond())
                        + " facts/s)");
        if (r.firstEvent() != null) {
            out.println("Event time " + r.firstEvent() + " .. " + r.lastEvent() + " ("
                    + Human.duration(Duration.between(Instant.parse(r.firstEvent()), Instant.parse(r.lastEvent())))
                    + ")");
        }
        out.println();
        if (r.rules().stream().allMatch(x -> x.matches() == 0)) {
            out.println("No rule fired.");
        } else {
            table(r.rules(), out);
        }
        out.println();
        wrap(
                out,
                "",
                "Outcomes: "
                        + (r.outcomes().isEmpty()
                                ? "none"
                                : r.outcomes().entrySet().stream()
                                        .map(e -> e.getKey() + " " + n(e.getValue()))
                                        .collect(Collectors.joining(", "))));
        if (r.simulation() != null) {
            live(r.simulation(), out);
        }
        examples(r.rules(), out);
        if (!r.rejections().isEmpty()) {
            out.println();
            out.println("Rejected inputs"
                    + (r.rejected() > r.rejections().size()
                            ? " (first " + r.rejections().size() + ")"
                            : "") + ":");
            r.rejections().forEach(x -> wrap(out, "    ", "  " + x.input() + ": " + x.reason()));
        }
        if (r.diff() != null) {
            diff(r.diff(), out);
        }
    }

    /** One row per rule; a long name, several actions or several live outcomes continue on the next lines. */
    private static void table(List<ReplayReport.RuleRow> rows, PrintWriter out) {
        String format = "%-" + RULE + "s %" + MATCHES + "s %" + TARGETS + "s %-" + COMMANDS + "s %-" + LIVE + "s";
        out.println(String.format(format, "RULE", "MATCHES", "TARGETS", "COMMANDS", "IF LIVE")
                .stripTrailing());
        for (ReplayReport.RuleRow row : rows) {
            List<String> name = lines(row.rule(), RULE);
            List<String> commands = row.commands().entrySet().stream()
                    .map(e -> cut(e.getKey() + " x" + n(e.getValue()), COMMANDS))
                    .toList();
            List<String> live = row.live().entrySet().stream()
                    .map(e -> cut(n(e.getValue()) + " " + liveWord(e.getKey()), LIVE))
                    .toList();
            int height = Math.max(name.size(), Math.max(Math.max(1, commands.size()), live.size()));
            for (int i = 0; i < height; i++) {
                out.println(String.format(
                                format,
                                at(name, i),
                                i == 0 ? n(row.matches()) : "",
                                i == 0 ? (row.targetsCapped() ? ">=" : "") + n(row.targets()) : "",
                                i == 0 && commands.isEmpty() ? "-" : at(commands, i),
                                at(live, i))
                        .stripTrailing());
            }
        }
    }

    private static String liveWord(String outcome) {
        return ReplayReport.Simulation.word(outcome);
    }

    /** What the guard rails would have done live, on event time. */
    private static void live(ReplayReport.Simulation s, PrintWriter out) {
        out.println();
        out.println("If live (riposte.dry-run=false), on event time:");
        s.sentences().forEach(x -> wrap(out, "    ", "  " + x));
    }

    /** A few decisions per rule, with why: the outcome and its reason, and what live would have done. */
    private static void examples(List<ReplayReport.RuleRow> rows, PrintWriter out) {
        if (rows.stream().allMatch(x -> x.examples().isEmpty())) {
            return;
        }
        out.println();
        out.println("Examples (up to " + ReplayReport.RuleRow.EXAMPLES + " decisions per rule, one of each kind):");
        for (ReplayReport.RuleRow row : rows) {
            if (row.examples().isEmpty()) {
                continue;
            }
            wrap(out, "  ", row.rule());
            for (ReplayReport.Decision d : row.examples()) {
                wrap(out, "        ", "  - event " + d.eventId() + " at " + d.eventTime() + " (" + d.input() + ")");
                wrap(
                        out,
                        "        ",
                        "    " + d.action() + (d.target() == null ? "" : " " + d.target()) + ": " + d.outcome()
                                + (d.reason() == null ? "" : " because " + d.reason()));
                if (d.live() != null) {
                    wrap(
                            out,
                            "        ",
                            "    live: " + liveWord(d.live()) + " at " + d.liveAt()
                                    + (d.liveReason() == null ? "" : " because " + d.liveReason()));
                }
            }
        }
    }

    private static void diff(ReplayReport.Diff d, PrintWriter out) {
        out.println();
        if (!d.differs()) {
            out.printf("No difference: rule set %s plans the same commands.%n", d.otherVersion());
            return;
        }
        wrap(
                out,
                "",
                "Difference to rule set " + d.otherVersion() + ": " + n(d.added()) + " added, " + n(d.removed())
                        + " removed, " + n(d.changed()) + " changed");
        for (ReplayReport.RuleDiff x : d.rules()) {
            wrap(out, "    ", "  " + x.rule() + ": +" + n(x.added()) + " -" + n(x.removed()) + " ~" + n(x.changed()));
            for (ReplayReport.Example e : x.examples()) {
                wrap(
                        out,
                        "            ",
                        String.format(
                                "    %-7s event %s (%s, %s)%s%s",
                                e.change(),
                                e.eventId(),
                                e.eventTime(),
                                e.input(),
                                e.before() == null ? "" : " was " + command(e.before()),
                                e.after() == null ? "" : " now " + command(e.after())));
            }
        }
    }

    private static String command(ReplayReport.Command c) {
        return c.action() + " " + c.target() + (c.params().isEmpty() ? "" : " " + c.params()) + " [" + c.rule() + "]";
    }

    private static String n(long v) {
        return Human.number(v);
    }

    private static String at(List<String> l, int i) {
        return i < l.size() ? l.get(i) : "";
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** Prints {@code text} within {@link #WIDTH} columns, breaking at spaces; lines after the first start with {@code indent}. */
    static void wrap(PrintWriter out, String indent, String text) {
        lines(text, WIDTH, indent).forEach(out::println);
    }

    private static List<String> lines(String text, int width) {
        return lines(text, width, "");
    }

    /** Word-wrapped lines of at most {@code width}; a word longer than a line is cut into pieces. */
    static List<String> lines(String text, int width, String indent) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int lead = text.length() - text.stripLeading().length();
        line.append(text, 0, lead);
        for (String word : text.substring(lead).split(" ", -1)) { // empty words keep runs of spaces inside a line
            boolean fresh = line.toString().isBlank();
            if (word.isEmpty() && fresh) {
                continue;
            }
            if (!fresh && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
                line.append(indent);
                fresh = true;
            }
            if (!fresh) {
                line.append(' ');
            }
            while (line.length() + word.length() > width) {
                int room = Math.max(1, width - line.length());
                line.append(word, 0, room);
                word = word.substring(room);
                out.add(line.toString());
                line.setLength(0);
                line.append(indent);
            }
            line.append(word);
        }
        if (!line.toString().isBlank() || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }
}
