package dev.riposte.fact;

/**
 * A fact the investigation gathered about one event. Unlike other related facts it stays in the rule session as long
 * as its event does: a rule that says {@code not InstanceContext(eventId == $e.id, production)} must not fire for
 * that event later, once the context would otherwise have been removed.
 */
public interface EventContext {
    /** The SecurityEvent id the context belongs to. */
    String eventId();
}
