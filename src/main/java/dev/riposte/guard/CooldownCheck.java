package dev.riposte.guard;

import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.state.Cooldowns;
import dev.riposte.state.Unavailable;
import dev.riposte.state.file.FileCooldowns;
import dev.riposte.text.Human;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds back the same command (action, target and parameters) for the same {@link Cause} within the cooldown: a rule
 * that fires twice on one situation, a redelivered event in dry-run (where idempotency records nothing), a GuardDuty
 * finding that comes again through Security Hub. A new event is a new cause, so a condition that comes back (the port
 * opened again, the trail stopped again) is remediated again: repeating converges, loops are stopped by
 * {@link LoopGuard}, bursts by the breaker. A different parameter (another port, another address) is another command.
 *
 * <p>Time is the event's time, so a replay decides as the live service did; commands without an event use the
 * clock. Only a command carried out ({@code succeeded}) or planned starts a cooldown: a failed one may be retried.
 * Plans (dry-run, shadow) are remembered apart and hold back only other plans: a live command is never held back by
 * something that did not run. Held back commands end {@code cooldown}, saying what was done when.
 *
 * <p>The times live in the state backend's {@link Cooldowns} (shared by every replica with DynamoDB). {@link #before}
 * only reads; a live command takes its cooldown in {@link #claim}, just before its first AWS call, by one conditional
 * write, so of two attempts (threads or replicas) exactly one passes; one that then does not succeed gives it back.
 * A state that cannot be reached defers the command ({@link Unavailable}).
 */
final class CooldownCheck implements DispatchCheck {
    private static final Logger LOG = Logger.getLogger(CooldownCheck.class);
    private final Duration period;
    private final Clock clock;
    private final Cooldowns store;
    /** Live attempts that hold their cooldown (claimed, not yet ended), with the time claimed. */
    private final Map<Attempt, Instant> claimed = new IdentityHashMap<>();

    CooldownCheck(Duration period, Clock clock) {
        this(period, clock, new FileCooldowns());
    }

    CooldownCheck(Duration period, Clock clock, Cooldowns store) {
        this.period = period;
        this.clock = clock;
        this.store = store;
    }

    /**
     * The same command for the same cause (parameters as their SHA-256); {@code ran}: carried out, else planned. Rendered as the store's
     * key, each
     * part escaped so that no two keys run together.
     */
    record Key(String cause, String action, String target, String params, boolean ran) {
        String id() {
            return (ran ? "ran|" : "planned|") + esc(cause) + "|" + esc(action) + "|" + esc(target) + "|" + esc(params);
        }

        Key planned() {
            return new Key(cause, action, target, params, false);
        }

        private static String esc(String s) {
            return s == null ? "" : s.replace("%", "%25").replace("|", "%7C");
        }
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        if (period.isZero()) {
            return Optional.empty();
        }
        Instant now = time(attempt.context());
        Key ran = key(attempt, true);
        try {
            Optional<Instant> at = within(ran, now);
            String done = at.map(t -> "was carried out at " + t).orElse(null);
            if (at.isEmpty() && !attempt.live()) {
                at = within(ran.planned(), now);
                done = at.map(t -> "was planned at " + t + " (nothing was sent to AWS)")
                        .orElse(null);
            }
            return at.isEmpty() ? Optional.empty() : Optional.of(stop(attempt, done));
        } catch (RuntimeException e) {
            return Optional.of(new Stop(Unavailable.OUTCOME, Unavailable.reason("the cooldown", e)));
        }
    }

    /** Takes the cooldown of a live command in one conditional write: another attempt that took it first stops this one. */
    @Override
    public Optional<Stop> claim(Attempt attempt) {
        if (period.isZero() || !attempt.live()) {
            return Optional.empty();
        }
        Instant now = time(attempt.context());
        Optional<Instant> held;
        try {
            held = store.claim(key(attempt, true).id(), now, period);
        } catch (RuntimeException e) {
            return Optional.of(new Stop(Unavailable.OUTCOME, Unavailable.reason("the cooldown", e)));
        }
        if (held.isPresent()) {
            return Optional.of(stop(attempt, "was carried out at " + held.get()));
        }
        synchronized (claimed) {
            claimed.put(attempt, now);
        }
        return Optional.empty();
    }

    private Stop stop(Attempt attempt, String done) {
        return new Stop(
                Outcome.COOLDOWN,
                "held back by riposte.guard.cooldown " + Human.duration(period) + ": the same command"
                        + " (action, target and parameters) "
                        + Cause.describe(attempt.context().event()) + " " + done);
    }

    @Override
    public void after(Attempt attempt, DispatchResult result) {
        if (period.isZero()) {
            return;
        }
        Instant claimedAt;
        synchronized (claimed) {
            claimedAt = claimed.remove(attempt);
        }
        boolean ran = result.outcome() == Outcome.SUCCEEDED;
        try {
            if (claimedAt != null && !ran) {
                store.release(key(attempt, true).id(), claimedAt); // it did not run: the cooldown is not taken
            } else if (claimedAt == null && result.outcome() == Outcome.PLANNED) {
                store.record(key(attempt, false).id(), time(attempt.context()), period);
            }
        } catch (RuntimeException e) {
            // a claim not given back holds the command for one period at most; a plan not recorded only repeats a plan
            LOG.warnf(
                    "cannot update the cooldown of %s (%s): %s", attempt.spec().id(), result.outcome(), e.getMessage());
        }
    }

    private Optional<Instant> within(Key key, Instant now) {
        return store.last(key.id()).filter(t -> Duration.between(t, now).abs().compareTo(period) < 0);
    }

    private Instant time(ActionContext ctx) {
        return ctx.event() != null ? ctx.event().time() : clock.instant();
    }

    private static Key key(Attempt attempt, boolean ran) {
        ActionContext ctx = attempt.context();
        return new Key(Cause.of(ctx.event()), attempt.spec().id(), ctx.target(), attempt.paramsDigest(), ran);
    }
}
