package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The correlation journal: what the rules owner's session took in (events a rule can reach) and what came due in it
 * (firings carried out as time passed), kept for the longest window of the rule set, so that a new session (after a
 * restart, a takeover or a hot reload) is rebuilt by replaying it rather than starting empty. Entries are opaque to
 * the store; only the rules owner appends.
 */
public interface Journal {

    /** What an entry holds: an event the rules took in, or a firing that was carried out. */
    enum Kind {
        EVENT,
        FIRED
    }

    /**
     * One entry.
     *
     * @param time when the rule session took it (its clock, millisecond precision): the order of replay
     * @param kind what {@code body} is
     * @param body the entry itself (JSON, written and read by the pipeline)
     */
    record Entry(Instant time, Kind kind, String body) {}

    /** Appends {@code entry}, kept at least until {@code entry.time() + keep}. */
    void append(Entry entry, Duration keep);

    /**
     * Appends {@code entries} in their order, each kept at least until its time + {@code keep}: as few round trips as the
     * store allows (DynamoDB: {@code BatchWriteItem}s of 25). Throws if any of them may not have been written.
     */
    default void append(List<Entry> entries, Duration keep) {
        for (Entry e : entries) {
            append(e, keep);
        }
    }

    /**
     * The entries whose time is at or after {@code from}, oldest first; when more than {@code limit} are kept, the newest
     * {@code limit}.
     */
    List<Entry> read(Instant from, int limit);

    /**
     * Drops what is older than {@code before} and, beyond that, all but the newest {@code limit} entries (file: rewrites
     * it; DynamoDB: entries expire by TTL, reads skip them before that).
     */
    void trim(Instant before, int limit);

    /** For logs: where it is. */
    String describe();
}
