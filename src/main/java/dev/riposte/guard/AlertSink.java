package dev.riposte.guard;

import java.util.Map;

/**
 * Where guard-rail alerts go (the breaker opened). Public hook: CDI beans implementing it (SNS, Slack, pager)
 * are called besides the built-in one, which logs through {@code notify:log} at ERROR. Implementations must not
 * throw for a delivery problem they can report themselves; what they throw is logged and ignored.
 */
public interface AlertSink {

    void alert(Alert alert);

    /** @param kind what happened, e.g. {@code breaker-open} */
    record Alert(String kind, String message, Map<String, Object> details) {
        public Alert {
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }
}
