package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Playbook steps waiting for an operator, shared by every replica. Any replica records a decision (approved or
 * rejected, while the step is pending and its time has not run out) or its expiry; the replica that owns the rules then
 * claims each decided step and carries it out. Every transition is conditional, so of two replicas (or threads) deciding
 * or claiming the same step exactly one succeeds. The step itself is an opaque {@code payload} to this store.
 */
public interface ApprovalStore {

    enum Status {
        PENDING,
        APPROVED,
        REJECTED,
        EXPIRED
    }

    /**
     * One step waiting or decided.
     *
     * @param decidedBy    who approved or rejected it (null while pending and when it expired)
     * @param decidedAt    when it was decided or expired (null while pending)
     * @param claimedUntil while a replica carries it out, until when its claim holds (null: never claimed)
     * @param done         true once it was carried out
     */
    record Approval(
            String id,
            Instant created,
            Instant expires,
            Status status,
            String decidedBy,
            Instant decidedAt,
            Instant claimedUntil,
            boolean done,
            String payload) {}

    /**
     * The answer to a decision: {@code recorded} when this caller's decision counts; otherwise {@code current} is the step as
     * it stands (decided or expired before), empty when no step has that id.
     */
    record Decision(boolean recorded, Optional<Approval> current) {}

    /** Keeps a new pending step. */
    void add(String id, Instant created, Instant expires, String payload);

    Optional<Approval> get(String id);

    /** Steps still pending at {@code now} (not expired), oldest first. */
    List<Approval> pending(Instant now);

    /** Records {@code decision} (APPROVED or REJECTED) by {@code who}, if the step is pending and its time has not run out. */
    Decision decide(String id, Status decision, String who, Instant now);

    /** Marks EXPIRED the pending steps whose time ran out at {@code now} (each once, whoever else is expiring them). */
    void expire(Instant now);

    /** Steps decided or expired, not carried out and not claimed by a replica carrying them out now; oldest decision first. */
    List<Approval> decided(Instant now);

    /**
     * Claims decided step {@code id} to carry it out, for {@code holdFor}: true for exactly one caller. A claim not
     * {@linkplain #done done} within {@code holdFor} (its holder died) may be taken again. With DynamoDB the claim also
     * checks that this replica still holds the rules lease (a replaced owner is refused with an exception).
     */
    boolean claim(String id, Instant now, Duration holdFor);

    /** Claimed step {@code id} was carried out: it is no longer listed, and no claim takes it again. */
    void done(String id, Instant now);

    /** A store in this process's memory (the file backend, replay): a restart drops what was pending. */
    static ApprovalStore inMemory() {
        return new MemoryApprovals();
    }
}
