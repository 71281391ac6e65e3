package dev.riposte.dispatch;

import dev.riposte.fact.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The investigation report of the event an action runs for, as notification and forwarding actions attach it
 * ({@code sns:publish}, {@code notify:webhook}, {@code events:put-events}, {@code s3:put-object}): a few lines of key
 * facts, where the full report is, and the report itself. Public SPI: the pipeline makes it, handlers read it.
 *
 * @param summary      the key facts in a few lines of plain text (context, what was incomplete, rules, actions)
 * @param markdownPath where the Markdown report is written ({@code riposte.reports.dir/<eventId>.md})
 * @param jsonPath     where the JSON report is written
 * @param markdown     the Markdown report as it stood when the action ran
 * @param json         the JSON report (one object) as it stood when the action ran
 */
public record EventReport(String summary, String markdownPath, String jsonPath, String markdown, String json) {

    public EventReport {
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * How a notification opens: the action's {@code message} parameter, then, after {@code gap}, the event it is about
     * (id, source and type, account, region) and, on a line of its own, the target, each when there is one. The report
     * follows in each channel's own form.
     */
    public static StringBuilder opening(ActionContext ctx, String gap) {
        StringBuilder s = new StringBuilder(ctx.param("message", ""));
        SecurityEvent e = ctx.event();
        if (e != null) {
            s.append(gap)
                    .append("event ")
                    .append(e.id())
                    .append(" (")
                    .append(e.source())
                    .append(' ')
                    .append(e.type())
                    .append(") account ")
                    .append(ctx.account())
                    .append(" region ")
                    .append(ctx.region());
        }
        if (ctx.target() != null) {
            s.append("\ntarget ").append(ctx.target());
        }
        return s;
    }

    /**
     * {@code text} cut to at most {@code maxBytes} UTF-8 bytes, ending with {@code note} when cut (a character is
     * never split). Notification services refuse or silently cut longer messages; this way the reader is told.
     */
    public static String fit(String text, int maxBytes, String note) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int room = maxBytes - note.getBytes(StandardCharsets.UTF_8).length;
        if (room <= 0) {
            throw new IllegalArgumentException("the truncation note alone exceeds " + maxBytes + " bytes");
        }
        int end = 0;
        int used = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > room) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + note;
    }
}
