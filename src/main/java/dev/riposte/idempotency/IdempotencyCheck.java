package dev.riposte.idempotency;

import dev.riposte.config.RiposteConfig;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.state.IdempotencyRecords;
import dev.riposte.state.IdempotencyRecords.Claim;
import dev.riposte.state.IdempotencyRecords.Entry;
import dev.riposte.state.StateBackend;
import dev.riposte.state.Unavailable;
import dev.riposte.state.file.FileStateBackend;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Carries a live command out at most once per (event id, action, target, parameters), across redeliveries, restarts
 * and replicas: two commands of one event that differ only in a parameter (revoke port 22, revoke port 3389) are two
 * commands. Records written before parameters were part of the key (a {@link Key#legacy() legacy} id) stand for the
 * command with any parameters, so an upgrade never repeats what was carried out before it.
 *
 * <p>{@link #before} only reads: a command whose record says it ran is stopped as {@code deduplicated}. The intent
 * is recorded by {@link #claim}, once every other check let the command through, just before its first AWS call: a
 * conditional write of an {@code INPROGRESS} record (Powertools' semantics; of two replicas exactly one wins). When
 * it ends the record becomes {@code COMPLETED} (succeeded, skipped: the resource is already gone) or is released
 * (failed: it may run again). So a crash between the AWS call and the SQS delete is harmless: the redelivered message
 * finds {@code COMPLETED}; and a crash during the checks leaves nothing behind.
 *
 * <p>An {@code INPROGRESS} record of another process within its in-progress expiry may be a replica carrying the
 * command out right now: the command is deferred (outcome {@code rate-limited}, its message comes back later). Past
 * that expiry (or read back from the file by a new process) it means a process died in the middle of the AWS call, so
 * whether AWS acted is unknown. Such a command is <b>not</b> run again blindly: it is
 * audited as {@code skipped} with the reason, for an operator to check ({@code riposte.idempotency.on-interrupted=skip},
 * the default). {@code retry} runs it again once its in-progress expiry passed, for deployments whose actions are all
 * safe to repeat. Dry-run and shadow attempts are not recorded: they change nothing.
 *
 * <p>Attempts at one key take turns within this process (a lock per key, {@link KeyLocks}); attempts at different keys
 * never wait for each other, so the SQS workers' round trips to the state backend overlap.
 *
 * <p>Public: a CDI bean found by the pipeline through {@code @All List<DispatchCheck>}, and constructed
 * directly where there is no CDI (tests).
 */
@Singleton
@Priority(DispatchCheck.IDEMPOTENCY)
public class IdempotencyCheck implements DispatchCheck, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdempotencyCheck.class);
    private static final Set<Outcome> FINISHED = EnumSet.of(Outcome.SUCCEEDED, Outcome.SKIPPED);

    /** What to do with a command whose previous attempt started and never recorded its end. */
    public enum OnInterrupted {
        SKIP,
        RETRY
    }

    private final IdempotencyRecords records;
    private final Duration retention;
    private final Duration inProgressFor;
    private final OnInterrupted onInterrupted;
    private final Clock clock;
    /** Closed with this check when it opened it itself (constructed on a folder). */
    private final StateBackend owned;
    /** The attempt of this process that holds each key now (compared by identity); changed under the key's lock. */
    private final Map<Key, Attempt> running = new ConcurrentHashMap<>();
    /**
     * Serializes this process's attempts at one key (its read, claim and end), and nothing else: commands with different
     * keys run their DynamoDB round trips side by side. Across processes the conditional claim decides.
     */
    private final KeyLocks<Key> locks = new KeyLocks<>();

    @Inject
    IdempotencyCheck(StateBackend state, RiposteConfig config) {
        this(
                state.idempotency(),
                config.idempotency().retention(),
                config.idempotency().inProgressExpiry(),
                parse(config.idempotency().onInterrupted()),
                Clock.systemUTC(),
                null);
    }

    /** Records under {@code stateDir}, kept as long as by default (7 days), interrupted commands skipped. */
    public IdempotencyCheck(Path stateDir) {
        this(stateDir, RiposteConfig.defaults().idempotency().retention(), OnInterrupted.SKIP, Clock.systemUTC());
    }

    public IdempotencyCheck(Path stateDir, Duration retention, OnInterrupted onInterrupted, Clock clock) {
        this(new FileStateBackend(stateDir), retention, onInterrupted, clock);
    }

    private IdempotencyCheck(FileStateBackend state, Duration retention, OnInterrupted onInterrupted, Clock clock) {
        this(
                state.idempotency(),
                retention,
                RiposteConfig.defaults().idempotency().inProgressExpiry(),
                onInterrupted,
                clock,
                state);
    }

    /** On any backend's records (tests of the DynamoDB backend; the wiring goes through CDI). */
    public IdempotencyCheck(
            IdempotencyRecords records,
            Duration retention,
            Duration inProgressFor,
            OnInterrupted onInterrupted,
            Clock clock) {
        this(records, retention, inProgressFor, onInterrupted, clock, null);
    }

    private IdempotencyCheck(
            IdempotencyRecords records,
            Duration retention,
            Duration inProgressFor,
            OnInterrupted onInterrupted,
            Clock clock,
            StateBackend owned) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("riposte.idempotency.retention must be positive, got " + retention);
        }
        if (inProgressFor.isNegative() || inProgressFor.isZero()) {
            throw new IllegalArgumentException(
                    "riposte.idempotency.in-progress-expiry must be positive, got " + inProgressFor);
        }
        this.records = records;
        this.retention = retention;
        this.inProgressFor = inProgressFor;
        this.onInterrupted = onInterrupted;
        this.clock = clock;
        this.owned = owned;
    }

    static OnInterrupted parse(String v) {
        try {
            return OnInterrupted.valueOf(v.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "riposte.idempotency.on-interrupted must be skip or retry, got '" + v + "'");
        }
    }

    /** Reads only: stops a command already carried out, or one left uncertain by a crash. */
    @Override
    public Optional<Stop> before(Attempt attempt) {
        Key key = key(attempt);
        if (key == null) {
            return Optional.empty();
        }
        return locks.with(key, () -> read(key));
    }

    private Optional<Stop> read(Key key) {
        if (running.containsKey(key)) {
            return Optional.of(
                    new Stop(Outcome.DEDUPLICATED, "the same command for this event is being carried out right now"));
        }
        Instant now = clock.instant();
        try {
            // and a record from before parameters were keyed, which stands for this command whatever its parameters:
            // both in one read
            Map<String, Entry> found =
                    records.getAll(List.of(key.id(), key.legacy().id()), now);
            Entry e = found.get(key.id());
            if (e != null) {
                return stop(key, e, now, false);
            }
            Entry legacy = found.get(key.legacy().id());
            return legacy == null ? Optional.empty() : stop(key, legacy, now, true);
        } catch (RuntimeException e) {
            return Optional.of(new Stop(Unavailable.OUTCOME, Unavailable.reason("whether it already ran", e)));
        }
    }

    /** Records the intent, conditionally: a record written meanwhile by another replica stops this attempt. */
    @Override
    public Optional<Stop> claim(Attempt attempt) {
        Key key = key(attempt);
        if (key == null) {
            return Optional.empty();
        }
        return locks.with(key, () -> claim(key, attempt));
    }

    private Optional<Stop> claim(Key key, Attempt attempt) {
        if (running.containsKey(key)) {
            return Optional.of(
                    new Stop(Outcome.DEDUPLICATED, "the same command for this event is being carried out right now"));
        }
        Instant now = clock.instant();
        Claim c;
        try {
            c = records.claim(key.id(), now, inProgressFor, retention, onInterrupted == OnInterrupted.RETRY);
        } catch (RuntimeException e) {
            // no AWS mutation without its intent recorded (a fenced claim refused after a takeover ends here too)
            return Optional.of(new Stop(Unavailable.OUTCOME, Unavailable.reason("its idempotency claim", e)));
        }
        if (!c.won()) {
            return Optional.of(stop(key, c.held().orElseThrow(), now, false)
                    .orElse(new Stop(
                            Outcome.DEDUPLICATED,
                            "being carried out elsewhere since "
                                    + c.held().get().time())));
        }
        running.put(key, attempt);
        return Optional.empty();
    }

    private Optional<Stop> stop(Key key, Entry e, Instant now, boolean legacy) {
        if (e.status() == IdempotencyRecords.Status.COMPLETED) {
            return Optional.of(new Stop(
                    Outcome.DEDUPLICATED,
                    "the same command for this event was already carried out at "
                            + e.time() + " (" + e.outcome() + ")"
                            + (legacy
                                    ? "; recorded before parameters were part of the"
                                            + " idempotency key, so it stands for any parameters"
                                    : "")));
        }
        if (!e.interrupted(now)) {
            // claimed by another process (a replica) that may be in the middle of it: ask again once it must have ended
            return Optional.of(new Stop(
                    Outcome.RATE_LIMITED,
                    "deferred: the same command is being carried out elsewhere since " + e.time()
                            + " (in progress until " + e.inProgressExpiry()
                            + "); it is decided again when it comes back"));
        }
        if (onInterrupted == OnInterrupted.RETRY) {
            return Optional.empty(); // the claim takes it over
        }
        LOG.warnf("not repeating %s: started at %s and never finished", key, e.time());
        return Optional.of(
                new Stop(
                        Outcome.SKIPPED,
                        "interrupted: started at " + e.time() + " but the process stopped"
                                + " before its end was recorded, so whether AWS acted is unknown; not repeated automatically:"
                                + " check the target and act by hand (riposte.idempotency.on-interrupted=retry repeats such commands)"));
    }

    @Override
    public void after(Attempt attempt, DispatchResult result) {
        Key key = key(attempt);
        if (key == null || running.get(key) != attempt) {
            return; // stopped before its claim, or by it: nothing was recorded here
        }
        locks.with(key, () -> end(key, attempt, result));
    }

    private Void end(Key key, Attempt attempt, DispatchResult result) {
        running.remove(key, attempt);
        try {
            if (FINISHED.contains(result.outcome())) {
                records.complete(key.id(), result.outcome().value(), clock.instant(), retention);
            } else {
                records.release(key.id());
            }
        } catch (RuntimeException e) {
            // the record stays INPROGRESS: a later attempt is treated as interrupted, never run blindly
            LOG.errorf("cannot record the end of %s (%s): %s", key, result.outcome(), e.getMessage());
        }
        return null;
    }

    private static Key key(Attempt attempt) {
        ActionContext ctx = attempt.context();
        if (!attempt.live() || ctx.event() == null || ctx.event().id() == null) {
            return null;
        }
        return new Key(ctx.event().id(), attempt.spec().id(), ctx.target(), attempt.paramsDigest());
    }

    @PreDestroy
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
