package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency records with the semantics of Powertools for AWS Lambda: a command is claimed by a conditional write of
 * an {@code INPROGRESS} record that succeeds only when there is no live record for its id, and ends {@code COMPLETED}
 * (never again within the retention) or released (deleted: it may run again). An {@code INPROGRESS} record whose
 * in-progress expiry passed belongs to an attempt that died in the middle; whether it may be claimed again is the
 * caller's choice ({@code reclaimInterrupted}, {@code riposte.idempotency.on-interrupted=retry}).
 *
 * <p>Ids are opaque strings: the caller's key (event, action, target, parameters) rendered canonically.
 */
public interface IdempotencyRecords {

    enum Status {
        INPROGRESS,
        COMPLETED
    }

    /**
     * @param expiry           when the record stops counting (the retention; also DynamoDB's TTL)
     * @param inProgressExpiry after this an INPROGRESS record is taken as interrupted
     */
    record Entry(String id, Status status, String outcome, Instant time, Instant expiry, Instant inProgressExpiry) {

        public boolean interrupted(Instant now) {
            return status == Status.INPROGRESS && inProgressExpiry.isBefore(now);
        }
    }

    /** The result of a claim: {@code held} is empty when this caller now holds the id, otherwise the record that kept it. */
    record Claim(Optional<Entry> held) {

        public boolean won() {
            return held.isEmpty();
        }
    }

    /**
     * Writes {@code INPROGRESS} for {@code id} unless a live record holds it: atomically, so of several callers
     * (threads, replicas) exactly one wins.
     */
    Claim claim(String id, Instant now, Duration inProgressFor, Duration retention, boolean reclaimInterrupted);

    /** The claimed command ended and must not run again within {@code retention}. */
    void complete(String id, String outcome, Instant now, Duration retention);

    /** The claimed command did not run (or failed): it may run again. */
    void release(String id);

    Optional<Entry> get(String id, Instant now);

    /**
     * The live records of {@code ids} (those with none left out), read together: in one round trip where the backend
     * can ({@code BatchGetItem}), so a check that asks for several keys costs one wait.
     */
    default Map<String, Entry> getAll(List<String> ids, Instant now) {
        Map<String, Entry> found = new LinkedHashMap<>();
        for (String id : ids) {
            get(id, now).ifPresent(e -> found.put(id, e));
        }
        return found;
    }
}
