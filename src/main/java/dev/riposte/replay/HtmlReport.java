package dev.riposte.replay;

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
    private static final String[] COLOURS = {"#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5"};
    private static final int MAX_SERIES = COLOURS.length;
    private static final int WIDTH = 960;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 24;

    private HtmlReport() {
    }

    static String render(ReplayReport r) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\" data-report=\"loading\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>Riposte replay report ").append(esc(r.rulesVersion())).append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f4f4f6;cursor:pointer;user-select:none}td.n,th.n{text-align:right}code{background:#f4f4f6;padding:0 3px}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px}")
                .append(".card b{display:block;font-size:20px}.muted{color:#777}.legend span{display:inline-block;margin-right:14px}")
                .append(".legend i{display:inline-block;width:10px;height:10px;margin-right:4px}.added{color:#3ca951}.removed{color:#d62728}.changed{color:#b8860b}")
                .append("\n</style>\n</head>\n<body>\n");
        b.append("<h1>Riposte replay report</h1>\n<p class=\"muted\">Dry-run replay: no AWS call was made. Rule set <code>")
                .append(esc(r.rulesVersion())).append("</code> (").append(r.ruleCount()).append(" rules). Event time ")
                .append(r.firstEvent() == null ? "-" : esc(r.firstEvent()) + " to " + esc(r.lastEvent())).append(".</p>\n");
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

        b.append("<h2>Commands over time</h2>\n");
        timeline(b, r.timeline());

        b.append("<h2>Rules</h2>\n<table class=\"sortable\" id=\"rules\"><thead><tr><th>Rule</th><th class=\"n\">Matches</th>")
                .append("<th class=\"n\">Commands</th><th>By action</th><th class=\"n\">Distinct targets</th></tr></thead><tbody>\n");
        for (ReplayReport.RuleRow row : r.rules()) {
            b.append("<tr><td>").append(esc(row.rule())).append("</td><td class=\"n\">").append(row.matches())
                    .append("</td><td class=\"n\">").append(row.commandCount()).append("</td><td>")
                    .append(esc(MarkdownReport.commands(row.commands()))).append("</td><td class=\"n\">")
                    .append(row.targetsCapped() ? "&ge; " : "").append(row.targets()).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");

        b.append("<h2>Outcomes</h2>\n<table class=\"sortable\"><thead><tr><th>Outcome</th><th class=\"n\">Records</th></tr></thead><tbody>\n");
        r.outcomes().forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(v).append("</td></tr>\n"));
        b.append("</tbody></table>\n");

        if (!r.rejections().isEmpty()) {
            b.append("<h2>Rejected inputs").append(r.rejected() > r.rejections().size() ? " (first " + r.rejections().size() + ")" : "")
                    .append("</h2>\n<table><thead><tr><th>Input</th><th>Reason</th></tr></thead><tbody>\n");
            r.rejections().forEach(x -> b.append("<tr><td><code>").append(esc(x.input())).append("</code></td><td>")
                    .append(esc(x.reason())).append("</td></tr>\n"));
            b.append("</tbody></table>\n");
        }
        if (r.diff() != null) {
            diff(b, r.diff());
        }
        b.append(SCRIPT).append("</body>\n</html>\n");
        return b.toString();
    }

    private static void card(StringBuilder b, String label, long value) {
        b.append("<div class=\"card\"><b>").append(String.format(Locale.ROOT, "%,d", value)).append("</b>")
                .append(esc(label)).append("</div>");
    }

    /** Stacked bars of commands per bucket, one colour per action (the rarest actions share "other"). */
    static void timeline(StringBuilder b, ReplayReport.Timeline t) {
        if (t.buckets().isEmpty()) {
            b.append("<p class=\"muted\">No command was planned.</p>\n");
            return;
        }
        Map<String, Long> totals = new TreeMap<>();
        t.buckets().forEach(x -> x.commands().forEach((a, n) -> totals.merge(a, n, Long::sum)));
        List<String> series = totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey).limit(totals.size() > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES).toList();
        List<String> names = new ArrayList<>(series);
        if (totals.size() > series.size()) {
            names.add("other");
        }
        long first = Instant.parse(t.buckets().get(0).start()).toEpochMilli();
        long last = Instant.parse(t.buckets().get(t.buckets().size() - 1).start()).toEpochMilli();
        long bucket = t.bucketSeconds() * 1000;
        long slots = (last - first) / bucket + 1;
        long max = 1;
        for (ReplayReport.Bucket x : t.buckets()) {
            max = Math.max(max, x.commands().values().stream().mapToLong(Long::longValue).sum());
        }
        int plotW = WIDTH - LEFT - 8;
        int plotH = HEIGHT - BOTTOM - 8;
        double slotW = (double) plotW / slots;
        b.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"commands over event time\">\n")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(8 + plotH).append("\" x2=\"").append(WIDTH - 8)
                .append("\" y2=\"").append(8 + plotH).append("\" stroke=\"#999\"/>\n")
                .append(text(LEFT - 4, 14, "end", String.valueOf(max)))
                .append(text(LEFT - 4, 8 + plotH, "end", "0"))
                .append(text(LEFT, HEIGHT - 6, "start", t.buckets().get(0).start()))
                .append(text(WIDTH - 8, HEIGHT - 6, "end", Instant.ofEpochMilli(last + bucket).toString()));
        for (ReplayReport.Bucket x : t.buckets()) {
            long slot = (Instant.parse(x.start()).toEpochMilli() - first) / bucket;
            double px = LEFT + slot * slotW;
            double y = 8 + plotH;
            Map<String, Long> stacked = new LinkedHashMap<>();
            x.commands().forEach((a, n) -> stacked.merge(series.contains(a) ? a : "other", n, Long::sum));
            for (int i = 0; i < names.size(); i++) {
                Long n = stacked.get(names.get(i));
                if (n == null) {
                    continue;
                }
                double h = (double) n * plotH / max;
                y -= h;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s %s: %d</title></rect>%n",
                        px, y, Math.max(1.0, slotW - 1), h, COLOURS[i], esc(x.start()), esc(names.get(i)), n));
            }
        }
        b.append("</svg>\n<div class=\"legend\">");
        for (int i = 0; i < names.size(); i++) {
            b.append("<span><i style=\"background:").append(COLOURS[i]).append("\"></i>").append(esc(names.get(i))).append("</span>");
        }
        b.append("<span class=\"muted\">bucket ").append(t.bucketSeconds()).append(" s of event time</span></div>\n");
    }

    private static String text(int x, int y, String anchor, String s) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"11\" fill=\"#555\">" + esc(s) + "</text>\n";
    }

    private static void diff(StringBuilder b, ReplayReport.Diff d) {
        b.append("<h2>Difference to rule set <code>").append(esc(d.otherVersion())).append("</code></h2>\n");
        if (!d.differs()) {
            b.append("<p>Both rule sets plan the same commands.</p>\n");
            return;
        }
        b.append("<p><span class=\"added\">").append(d.added()).append(" added</span>, <span class=\"removed\">").append(d.removed())
                .append(" removed</span>, <span class=\"changed\">").append(d.changed()).append(" changed</span>.</p>\n")
                .append("<table class=\"sortable\" id=\"diff\"><thead><tr><th>Rule</th><th class=\"n\">Added</th><th class=\"n\">Removed</th>")
                .append("<th class=\"n\">Changed</th><th>Examples</th></tr></thead><tbody>\n");
        for (ReplayReport.RuleDiff x : d.rules()) {
            b.append("<tr><td>").append(esc(x.rule())).append("</td><td class=\"n\">").append(x.added()).append("</td><td class=\"n\">")
                    .append(x.removed()).append("</td><td class=\"n\">").append(x.changed()).append("</td><td>");
            for (ReplayReport.Example e : x.examples()) {
                b.append("<div><span class=\"").append(e.change()).append("\">").append(e.change()).append("</span> event <code>")
                        .append(esc(e.eventId())).append("</code> ").append(esc(e.eventTime())).append(" <span class=\"muted\">")
                        .append(esc(e.input())).append("</span>");
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
        return "<code>" + esc(c.action() + " " + c.target() + (c.params().isEmpty() ? "" : " " + c.params())) + "</code> by " + esc(c.rule());
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
