package dev.riposte.aws.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.EventReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The document forwarding actions send on ({@code events:put-events}, {@code s3:put-object}):
 * {@code {"event": normalized event with its raw detail, "report": the JSON investigation report or null,
 * "reportPath": ...}}, shrunk to a size limit by dropping first the full report (its summary and paths stay), then the
 * raw detail. Plans show large payloads by size and SHA-256 ({@link #digest}), so audit lines stay short yet the plan
 * still equals what is sent. Public: the events and s3 packages send it.
 */
public final class ReportDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportDocument() {}

    /** The document as JSON, at most {@code maxBytes} UTF-8 bytes when it can be made so. */
    public static String json(ActionContext ctx, int maxBytes) {
        String full = write(doc(ctx, true, true));
        if (bytes(full) <= maxBytes) {
            return full;
        }
        String noReport = write(doc(ctx, true, false));
        if (bytes(noReport) <= maxBytes) {
            return noReport;
        }
        return write(doc(ctx, false, false));
    }

    private static Map<String, Object> doc(ActionContext ctx, boolean withDetail, boolean withReport) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("event", ctx.event() == null ? null : EventPayload.event(ctx.event(), withDetail));
        EventReport r = ctx.report();
        if (r == null) {
            doc.put("report", null);
            return doc;
        }
        doc.put("report", withReport ? tree(r.json()) : Map.of("truncated", true, "summary", r.summary()));
        doc.put("reportPath", r.markdownPath());
        doc.put("reportJsonPath", r.jsonPath());
        return doc;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the investigation report is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Map<String, Object> doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code {"bytes": n, "sha256": hex}}: how a plan and the audit log show a payload too large to print. */
    public static Map<String, Object> digest(String payload) {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bytes", b.length);
            m.put(
                    "sha256",
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b)));
            return m;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
