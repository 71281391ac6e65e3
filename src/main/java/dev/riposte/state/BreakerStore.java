package dev.riposte.state;

import java.util.Map;

/** Where the breaker's state and its parked commands live. */
public interface BreakerStore {

    /** The current state; an unreadable state reads as open (a breaker must not silently close). */
    BreakerRecord read();

    /**
     * Writes {@code next} (its version is ignored) if the stored version is still {@code expectedVersion};
     * false when another writer came first: read again and decide again.
     */
    boolean compareAndSet(long expectedVersion, BreakerRecord next);

    /** Keeps one parked command (as JSON-ready fields) for an operator to review. */
    void park(Map<String, Object> command);

    /** Where parked commands can be found, for operators (a file, or a table). */
    String parkedLocation();
}
