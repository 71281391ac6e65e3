package dev.riposte.aws.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.SecurityEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON document handed to code Riposte starts (a Lambda function, a state machine): the action, its target and
 * parameters, and the normalized event with its raw source document, so the receiver need not look anything up.
 * Public: the lambda and sfn packages send it.
 */
public final class EventPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventPayload() {}

    /** The normalized event as {@code riposte normalize} prints it, with its raw source document when {@code withDetail}. */
    public static Map<String, Object> event(SecurityEvent e, boolean withDetail) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", e.id());
        event.put("source", e.source());
        event.put("type", e.type());
        event.put("time", e.time().toString());
        event.put("account", e.account());
        event.put("region", e.region());
        event.put("severity", e.severity());
        event.put("principal", e.principal());
        event.put("resources", e.resources());
        if (withDetail) {
            event.put("detail", e.detail());
        }
        return event;
    }

    public static String json(ActionContext ctx) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("action", ctx.command().action());
        doc.put("target", ctx.target());
        doc.put("params", ctx.command().params());
        doc.put("account", ctx.account());
        doc.put("region", ctx.region());
        SecurityEvent e = ctx.event();
        if (e != null) {
            doc.put("event", event(e, true));
        }
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
