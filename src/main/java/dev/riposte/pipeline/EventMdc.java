package dev.riposte.pipeline;

import org.jboss.logging.MDC;

/** The event being processed, in the logging MDC ({@link Pipeline#EVENT_ID}); restored to the caller's afterwards. */
final class EventMdc {
    private EventMdc() {}

    /** Sets the event id; returns the caller's value for {@link #restore}. */
    static Object enter(Object eventId) {
        return MDC.put(Pipeline.EVENT_ID, String.valueOf(eventId));
    }

    static void restore(Object outerId) {
        if (outerId == null) {
            MDC.remove(Pipeline.EVENT_ID);
        } else {
            MDC.put(Pipeline.EVENT_ID, outerId);
        }
    }
}
