package dev.riposte.dispatch;

import dev.riposte.command.ActionCommand;
import dev.riposte.fact.SecurityEvent;

/**
 * What a handler gets: the command, the event that triggered it, the account/region to act in, and the event's
 * investigation report when the pipeline has one for it (null otherwise: replay without reports, manual runs).
 */
public record ActionContext(
        ActionCommand command, SecurityEvent event, String account, String region, EventReport report) {

    public ActionContext(ActionCommand command, SecurityEvent event, String account, String region) {
        this(command, event, account, region, null);
    }

    public String target() {
        return command.target();
    }

    /** A parameter as a string, or {@code fallback}. */
    public String param(String name, String fallback) {
        Object v = command.params().get(name);
        return v == null ? fallback : String.valueOf(v);
    }
}
