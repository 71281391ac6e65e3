package dev.riposte.replay;

import dev.riposte.text.Human;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML page: inline CSS, an inline SVG timeline and a little inline
 * script (sortable tables). A Content-Security-Policy forbids every fetch, so the page works offline
 * and leaks nothing. The script marks {@code <html data-report="ready">} when it ran without error,
 * which the headless-browser test checks.
 */
final class HtmlReport {
    private static final String[] COLOURS = {
        "#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5"
    };
    private static final int MAX_SERIES = COLOURS.length;
    private static final int WIDTH = 960;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 24;
    /** At most this many bars across: sparse events over many days still get bars wide enough to see. */
    static final int MAX_SLOTS = 120;

    private HtmlReport() {}

    static String render(ReplayReport r) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\" data-report=\"loading\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                        + "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>Riposte replay report ")
                .append(esc(r.rulesVersion()))
                .append("</title>\n<style>\n")
                .append(
                        "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}th,"
                        + "td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f4f4f6;cursor:pointer;user-select:none}td.n,"
                        + "th.n{text-align:right}code{background:#f4f4f6;padding:0 3px}")
                .append(
                        ".cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px}")
                .append(
                        ".card b{display:block;font-size:20px}.muted{color:#777}.legend span{display:inline-block;margin-right:14px}")
                .append(".legend i{display:inline-block;width:10px;height:10px;margin-right:4px}"
                        + ".added{color:#3ca951}.removed{color:#d62728}.changed{color:#b8860b}")
                .append(".live{border-left:4px solid #d62728;padding:2px 12px;margin:.5em 0 1.5em}")
                .append("\n</style>\n</head>\n<body>\n");
        b.append(
                        "<h1>Riposte replay report</h1>\n<p class=\"muted\">Dry-run replay: no AWS call was made. Rule set <code>")
                .append(esc(r.rulesVersion()))
                .append("</code> (")
                .append(r.ruleCount())
                .append(" rules). Event time ")
                .append(r.firstEvent() == null ? "-" : esc(r.firstEvent()) + " to " + esc(r.lastEvent()))
                .append(".</p>\n");
        b.append("<div class=\"cards\">");
        card(b, "files", r.files());
        card(b, "inputs", r.inputs());
        card(b, "facts evaluated", r.facts());
        card(b, "rejected", r.rejected());
        if (r.outsideWindow() > 0) {
            card(b, "outside --since/--until", r.outsideWindow());
        }
        if (r.late() > 0) {
            card(b, "evaluated late (out of order)", r.late());
        }
        card(b, "facts/s", r.factsPerSecond());
        b.append("</div>\n");

        if (r.simulation() != null) {
            b.append(
                            "<h2>If live</h2>\n<p class=\"muted\">What the guard rails would have done with the planned commands with")
                    .append(" <code>riposte.dry-run=false</code>, on event time.</p>\n<div class=\"cards\">");
            card(b, "would have run", r.simulation().executed());
            card(b, "deferred by rate limits", r.simulation().deferred());
            card(b, "parked by the breaker", r.simulation().parked());
            if (r.simulation().approvals() > 0) {
                card(b, "waited for approval", r.simulation().approvals());
            }
            b.append("</div>\n<div class=\"live\" id=\"live\">");
            r.simulation()
                    .sentences()
                    .forEach(x -> b.append("<p>").append(esc(x)).append("</p>"));
            b.append("</div>\n");
        }

        b.append("<h2>Commands over time</h2>\n");
        timeline(b, r.timeline(), r.simulation() == null ? null : r.simulation().breakerOpenedAt());

        b.append(
                        "<h2>Rules</h2>\n<table class=\"sortable\" id=\"rules\"><thead><tr><th>Rule</th><th class=\"n\">Matches</th>")
                .append("<th class=\"n\">Commands</th><th>By action</th><th "
                        + "class=\"n\">Distinct targets</th><th>If live</th></tr></thead><tbody>\n");
        for (ReplayReport.RuleRow row : r.rules()) {
            b.append("<tr><td>")
                    .append(esc(row.rule()))
                    .append("</td><td class=\"n\">")
                    .append(Human.number(row.matches()))
                    .append("</td><td class=\"n\">")
                    .append(Human.number(row.commandCount()))
                    .append("</td><td>")
                    .append(esc(MarkdownReport.commands(row.commands())))
                    .append("</td><td class=\"n\">")
                    .append(row.targetsCapped() ? "&ge; " : "")
                    .append(Human.number(row.targets()))
                    .append("</td><td>")
                    .append(esc(MarkdownReport.live(row.live())))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");

        b.append("<h2>Outcomes</h2>\n<table class=\"sortable\"><thead><tr>"
                + "<th>Outcome</th><th class=\"n\">Records</th></tr></thead><tbody>\n");
        r.outcomes()
                .forEach((k, v) -> b.append("<tr><td>")
                        .append(esc(k))
                        .append("</td><td class=\"n\">")
                        .append(Human.number(v))
                        .append("</td></tr>\n"));
        b.append("</tbody></table>\n");
        examples(b, r.rules());

        if (!r.rejections().isEmpty()) {
            b.append("<h2>Rejected inputs")
                    .append(
                            r.rejected() > r.rejections().size()
                                    ? " (first " + r.rejections().size() + ")"
                                    : "")
                    .append("</h2>\n<table><thead><tr><th>Input</th><th>Reason</th></tr></thead><tbody>\n");
            r.rejections()
                    .forEach(x -> b.append("<tr><td><code>")
                            .append(esc(x.input()))
                            .append("</code></td><td>")
                            .append(esc(x.reason()))
                            .append("</td></tr>\n"));
            b.append("</tbody></table>\n");
        }
        if (r.diff() != null) {
            diff(b, r.diff());
        }
        b.append(SCRIPT).append("</body>\n</html>\n");
        return b.toString();
    }

    private static void card(StringBuilder b, String label, long value) {
        b.append("<div class=\"card\"><b>")
                .append(String.format(Locale.ROOT, "%,d", value))
                .append("</b>")
                .append(esc(label))
                .append("</div>");
    }

    /** Up to three decisions per rule, with why and what live would have done. */
    private static void examples(StringBuilder b, List<ReplayReport.RuleRow> rows) {
        if (rows.stream().allMatch(x -> x.examples().isEmpty())) {
            return;
        }
        b.append("<h2>Examples</h2>\n<p class=\"muted\">Up to ")
                .append(ReplayReport.RuleRow.EXAMPLES)
                .append(
                        " decisions per rule, one of each kind.</p>\n<table id=\"examples\"><thead><tr><th>Rule</th><th>Event</th>")
                .append("<th>Command</th><th>Decision</th><th>If live</th></tr></thead><tbody>\n");
        for (ReplayReport.RuleRow row : rows) {
            for (ReplayReport.Decision d : row.examples()) {
                b.append("<tr><td>")
                        .append(esc(row.rule()))
                        .append("</td><td><code>")
                        .append(esc(d.eventId()))
                        .append("</code> ")
                        .append(esc(d.eventTime()))
                        .append(" <span class=\"muted\">")
                        .append(esc(d.input()))
                        .append("</span></td><td><code>")
                        .append(esc(d.action()))
                        .append(d.target() == null ? "" : " " + esc(d.target()))
                        .append("</code></td><td>")
                        .append(esc(d.outcome().value()))
                        .append(d.reason() == null ? "" : ": " + esc(d.reason()))
                        .append("</td><td>")
                        .append(
                                d.live() == null
                                        ? "-"
                                        : esc(ReplayReport.Simulation.word(d.live())) + " at " + esc(d.liveAt())
                                                + (d.liveReason() == null ? "" : ": " + esc(d.liveReason())))
                        .append("</td></tr>\n");
            }
        }
        b.append("</tbody></table>\n");
    }

    /**
     * Stacked bars of commands per bucket, one colour per action (the rarest actions share "other"). Buckets are merged
     * for display until at most {@link #MAX_SLOTS} fit across, so a few events over many days still show as bars; a red
     * line marks where the breaker would have opened ({@code breakerOpenedAt}, null for none).
     */
    static void timeline(StringBuilder b, ReplayReport.Timeline t, String breakerOpenedAt) {
        if (t.buckets().isEmpty()) {
            b.append("<p class=\"muted\">No command was planned.</p>\n");
            return;
        }
        Map<String, Long> totals = new TreeMap<>();
        t.buckets().forEach(x -> x.commands().forEach((a, n) -> totals.merge(a, n, Long::sum)));
        List<String> series = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .limit(totals.size() > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES)
                .toList();
        List<String> names = new ArrayList<>(series);
        if (totals.size() > series.size()) {
            names.add("other");
        }
        long bucket = t.bucketSeconds() * 1000;
        long lastStart =
                Instant.parse(t.buckets().get(t.buckets().size() - 1).start()).toEpochMilli();
        while ((lastStart
                                        - Math.floorDiv(
                                                        Instant.parse(t.buckets()
                                                                        .get(0)
                                                                        .start())
                                                                .toEpochMilli(),
                                                        bucket)
                                                * bucket)
                                / bucket
                        + 1
                > MAX_SLOTS) {
            bucket *= 2;
        }
        long first = Math.floorDiv(Instant.parse(t.buckets().get(0).start()).toEpochMilli(), bucket) * bucket;
        long last = Math.floorDiv(lastStart, bucket) * bucket;
        long slots = (last - first) / bucket + 1;
        Map<Long, Map<String, Long>> merged = new TreeMap<>();
        for (ReplayReport.Bucket x : t.buckets()) {
            long slot = (Instant.parse(x.start()).toEpochMilli() - first) / bucket;
            x.commands()
                    .forEach((a, n) ->
                            merged.computeIfAbsent(slot, k -> new TreeMap<>()).merge(a, n, Long::sum));
        }
        long max = 1;
        for (Map<String, Long> x : merged.values()) {
            max = Math.max(max, x.values().stream().mapToLong(Long::longValue).sum());
        }
        int plotW = WIDTH - LEFT - 8;
        int plotH = HEIGHT - BOTTOM - 8;
        double slotW = (double) plotW / slots;
        b.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"commands over event time\">\n")
                .append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(8 + plotH)
                .append("\" x2=\"")
                .append(WIDTH - 8)
                .append("\" y2=\"")
                .append(8 + plotH)
                .append("\" stroke=\"#999\"/>\n")
                .append(text(LEFT - 4, 14, "end", Human.number(max)))
                .append(text(LEFT - 4, 8 + plotH, "end", "0"))
                .append(text(
                        LEFT, HEIGHT - 6, "start", Instant.ofEpochMilli(first).toString()))
                .append(text(
                        WIDTH - 8,
                        HEIGHT - 6,
                        "end",
                        Instant.ofEpochMilli(last + bucket).toString()));
        for (Map.Entry<Long, Map<String, Long>> x : merged.entrySet()) {
            long slot = x.getKey();
            String start = Instant.ofEpochMilli(first + slot * bucket).toString();
            double px = LEFT + slot * slotW;
            double y = 8 + plotH;
            Map<String, Long> stacked = new LinkedHashMap<>();
            x.getValue().forEach((a, n) -> stacked.merge(series.contains(a) ? a : "other", n, Long::sum));
            for (int i = 0; i < names.size(); i++) {
                Long n = stacked.get(names.get(i));
                if (n == null) {
                    continue;
                }
                double h = (double) n * plotH / max;
                y -= h;
                b.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s %s: %d</title></rect>%n",
                        px,
                        y,
                        Math.max(1.0, slotW - 1),
                        h,
                        COLOURS[i],
                        esc(start),
                        esc(names.get(i)),
                        n));
            }
        }
        if (breakerOpenedAt != null) {
            double bx = LEFT + (double) (Instant.parse(breakerOpenedAt).toEpochMilli() - first) / bucket * slotW;
            b.append(String.format(
                    Locale.ROOT,
                    "<line id=\"breaker-opened\" x1=\"%.2f\" y1=\"8\" x2=\"%.2f\" y2=\"%d\" stroke=\"#d62728\""
                            + " stroke-dasharray=\"4 3\"><title>breaker would have opened at %s</title></line>%n",
                    bx,
                    bx,
                    8 + plotH,
                    esc(breakerOpenedAt)));
        }
        b.append("</svg>\n<div class=\"legend\">");
        for (int i = 0; i < names.size(); i++) {
            b.append("<span><i style=\"background:")
                    .append(COLOURS[i])
                    .append("\"></i>")
                    .append(esc(names.get(i)))
                    .append("</span>");
        }
        if (breakerOpenedAt != null) {
            b.append("<span><i style=\"background:#d62728\"></i>breaker would have opened</span>");
        }
        b.append("<span class=\"muted\">bar: ")
                .append(Human.duration(Duration.ofMillis(bucket)))
                .append(" of event time</span></div>\n");
    }

    private static String text(int x, int y, String anchor, String s) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"11\" fill=\"#555\">"
                + esc(s) + "</text>\n";
    }

    private static void diff(StringBuilder b, ReplayReport.Diff d) {
        b.append("<h2>Difference to rule set <code>")
                .append(esc(d.otherVersion()))
                .append("</code></h2>\n");
        if (!d.differs()) {
            b.append("<p>Both rule sets plan the same commands.</p>\n");
            return;
        }
        b.append("<p><span class=\"added\">")
                .append(d.added())
                .append(" added</span>, <span class=\"removed\">")
                .append(d.removed())
                .append(" removed</span>, <span class=\"changed\">")
                .append(d.changed())
                .append(" changed</span>.</p>\n")
                .append("<table class=\"sortable\" id=\"diff\"><thead><tr><th>Rule</th>"
                        + "<th class=\"n\">Added</th><th class=\"n\">Removed</th>")
                .append("<th class=\"n\">Changed</th><th>Examples</th></tr></thead><tbody>\n");
        for (ReplayReport.RuleDiff x : d.rules()) {
            b.append("<tr><td>")
                    .append(esc(x.rule()))
                    .append("</td><td class=\"n\">")
                    .append(x.added())
                    .append("</td><td class=\"n\">")
                    .append(x.removed())
                    .append("</td><td class=\"n\">")
                    .append(x.changed())
                    .append("</td><td>");
            for (ReplayReport.Example e : x.examples()) {
                b.append("<div><span class=\"")
                        .append(e.change())
                        .append("\">")
                        .append(e.change())
                        .append("</span> event <code>")
                        .append(esc(e.eventId()))
                        .append("</code> ")
                        .append(esc(e.eventTime()))
                        .append(" <span class=\"muted\">")
                        .append(esc(e.input()))
                        .append("</span>");
                if (e.before() != null) {
                    b.append("<br>was ").append(command(e.before()));
                }
                if (e.after() != null) {
                    b.append("<br>now ").append(command(e.after()));
                }
                b.append("</div>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static String command(ReplayReport.Command c) {
        return "<code>" + esc(c.action() + " " + c.target() + (c.params().isEmpty() ? "" : " " + c.params()))
                + "</code> by " + esc(c.rule());
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Click a column header to sort; numbers sort as numbers. Marks the page ready, or records the first error. */
    private static final String SCRIPT = """
            <script>
            (function () {
              window.addEventListener('error', function (e) {
                document.documentElement.setAttribute('data-report', 'error: ' + e.message);
              });
              function value(td) {
                var t = td.textContent.replace(/[\\u2265,\\s]/g, '');
                return /^-?\\d+(\\.\\d+)?$/.test(t) ? parseFloat(t) : td.textContent.toLowerCase();
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                table.querySelectorAll('th').forEach(function (th, col) {
                  th.addEventListener('click', function () {
                    var body = table.tBodies[0];
                    var desc = th.getAttribute('data-sort') !== 'desc';
                    th.setAttribute('data-sort', desc ? 'desc' : 'asc');
                    Array.from(body.rows).sort(function (a, b) {
                      var x = value(a.cells[col]), y = value(b.cells[col]);
                      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
                    }).forEach(function (row) { body.appendChild(row); });
                  });
                });
              });
              var bars = document.querySelectorAll('#timeline rect').length;
              document.documentElement.setAttribute('data-report', 'ready');
              document.documentElement.setAttribute('data-bars', String(bars));
            })();
            </script>
            """;
}
