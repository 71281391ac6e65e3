package dev.riposte.idempotency;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Carries a live command out at most once per (event id, action, target), across redeliveries and restarts.
 *
 * <p>Before a live command runs, a {@code started} entry is forced to disk; when it ends, {@code done}
 * (succeeded, skipped: the resource is already gone) or {@code released} (failed, or stopped by a later
 * check: it may run again). A later attempt of a {@code done} command is stopped as {@code deduplicated}.
 * So a crash between the AWS call and the SQS delete is harmless: the redelivered message finds {@code done}.
 *
 * <p>A {@code started} entry without an end means the process died in the middle of the AWS call, so
 * whether AWS acted is unknown. Such a command is <b>not</b> run again blindly: it is audited as
 * {@code skipped} with the reason, for an operator to check ({@code riposte.idempotency.on-interrupted=skip},
 * the default). {@code retry} runs it again, for deployments whose actions are all safe to repeat.
 * Dry-run and shadow attempts are not recorded: they change nothing.
 *
 * <p>Public: a CDI bean found by the pipeline through {@code @All List<DispatchCheck>}, and constructed
 * directly where there is no CDI (tests).
 */
@Singleton
@Priority(DispatchCheck.IDEMPOTENCY)
public class IdempotencyCheck implements DispatchCheck, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdempotencyCheck.class);
    private static final Set<String> FINISHED = Set.of("succeeded", "skipped");

    /** What to do with a command whose previous attempt started and never recorded its end. */
    public enum OnInterrupted { SKIP, RETRY }

    private final Path stateDir;
    private final Duration retention;
    private final OnInterrupted onInterrupted;
    private final Clock clock;
    /** The attempt of this process that is running each key now (compared by identity). */
    private final Map<Key, Attempt> running = new HashMap<>();
    private IdempotencyStore store;

    @Inject
    IdempotencyCheck(@ConfigProperty(name = "riposte.state.dir", defaultValue = "riposte-state") String stateDir,
                     @ConfigProperty(name = "riposte.idempotency.retention", defaultValue = "7d") Duration retention,
                     @ConfigProperty(name = "riposte.idempotency.on-interrupted", defaultValue = "skip") String onInterrupted) {
        this(Path.of(stateDir), retention, parse(onInterrupted), Clock.systemUTC());
    }

    /** Records under {@code stateDir}, kept 7 days, interrupted commands skipped. */
    public IdempotencyCheck(Path stateDir) {
        this(stateDir, Duration.ofDays(7), OnInterrupted.SKIP, Clock.systemUTC());
    }

    public IdempotencyCheck(Path stateDir, Duration retention, OnInterrupted onInterrupted, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("riposte.idempotency.retention must be positive, got " + retention);
        }
        this.stateDir = stateDir;
        this.retention = retention;
        this.onInterrupted = onInterrupted;
        this.clock = clock;
    }

    static OnInterrupted parse(String v) {
        try {
            return OnInterrupted.valueOf(v.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("riposte.idempotency.on-interrupted must be skip or retry, got '" + v + "'");
        }
    }

    @Override
    public synchronized Optional<Stop> before(Attempt attempt) {
        Key key = key(attempt);
        if (key == null) {
            return Optional.empty();
        }
        if (running.containsKey(key)) {
            return Optional.of(new Stop("deduplicated", "the same command for this event is being carried out right now"));
        }
        IdempotencyStore s = store();
        Optional<IdempotencyStore.Entry> last = s.get(key);
        if (last.isPresent()) {
            IdempotencyStore.Entry e = last.get();
            if (e.state() == IdempotencyStore.State.DONE) {
                return Optional.of(new Stop("deduplicated", "already carried out at " + e.time() + " (" + e.outcome() + ")"));
            }
            if (e.state() == IdempotencyStore.State.STARTED && onInterrupted == OnInterrupted.SKIP) {
                LOG.warnf("not repeating %s: started at %s and never finished", key, e.time());
                return Optional.of(new Stop("skipped", "interrupted: started at " + e.time() + " but the process stopped"
                        + " before its end was recorded, so whether AWS acted is unknown; not repeated automatically:"
                        + " check the target and act by hand (riposte.idempotency.on-interrupted=retry repeats such commands)"));
            }
        }
        s.append(key, IdempotencyStore.State.STARTED, null);
        running.put(key, attempt);
        return Optional.empty();
    }

    @Override
    public synchronized void after(Attempt attempt, DispatchResult result) {
        Key key = key(attempt);
        if (key == null || running.get(key) != attempt) {
            return; // stopped before this check, or by it: nothing was started here
        }
        running.remove(key);
        boolean finished = FINISHED.contains(result.outcome());
        store().append(key, finished ? IdempotencyStore.State.DONE : IdempotencyStore.State.RELEASED, result.outcome());
    }

    private static Key key(Attempt attempt) {
        ActionContext ctx = attempt.context();
        if (!attempt.live() || ctx.event() == null || ctx.event().id() == null) {
            return null;
        }
        return new Key(ctx.event().id(), attempt.spec().id(), ctx.target());
    }

    /** Opened on first live use, so that dry-run commands (replay, validate) never create the state folder. */
    private IdempotencyStore store() {
        if (store == null) {
            store = IdempotencyStore.open(stateDir, retention, clock);
            LOG.infof("idempotency records in %s (%d kept)", store.file(), store.size());
        }
        return store;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
