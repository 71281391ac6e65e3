package dev.riposte.guard;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Holds back the same command (action, target and parameters) for the same {@link Cause} within the cooldown: a rule
 * that fires twice on one situation, a redelivered event in dry-run (where idempotency records nothing), a GuardDuty
 * finding that comes again through Security Hub. A new event is a new cause, so a condition that comes back (the port
 * opened again, the trail stopped again) is remediated again: repeating converges, loops are stopped by
 * {@link LoopGuard}, bursts by the breaker. A different parameter (another port, another address) is another command.
 *
 * <p>Time is the event's time, so a replay decides as the live service did; commands without an event use the
 * clock. Only a command carried out ({@code succeeded}) or planned starts a cooldown: a failed one may be retried.
 * A plan (dry-run, shadow) holds back only other plans: a live command is never held back by something that did not
 * run. Held back commands end {@code cooldown}, with what was done when.
 */
final class CooldownCheck implements DispatchCheck {
    private final Duration period;
    private final Clock clock;
    private final CooldownStore store;

    CooldownCheck(Duration period, Clock clock) {
        this(period, clock, new MemoryCooldowns(period));
    }

    CooldownCheck(Duration period, Clock clock, CooldownStore store) {
        this.period = period;
        this.clock = clock;
        this.store = store;
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        if (period.isZero()) {
            return Optional.empty();
        }
        Optional<CooldownStore.Entry> previous = store.get(key(attempt));
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        CooldownStore.Entry p = previous.get();
        if (attempt.live() && !p.live()) {
            return Optional.empty();
        }
        if (Duration.between(p.time(), time(attempt.context())).abs().compareTo(period) >= 0) {
            return Optional.empty();
        }
        String done = p.live() ? "was carried out at " + p.time() + " (" + p.outcome() + ")"
                : "was planned at " + p.time() + " (" + p.mode() + ": nothing was sent to AWS)";
        return Optional.of(new Stop("cooldown", "held back by riposte.guard.cooldown " + period + ": the same command"
                + " (action, target and parameters) " + Cause.describe(attempt.context().event()) + " " + done));
    }

    @Override
    public void after(Attempt attempt, DispatchResult result) {
        if (period.isZero()) {
            return;
        }
        if ("succeeded".equals(result.outcome()) || "planned".equals(result.outcome())) {
            store.put(key(attempt), new CooldownStore.Entry(time(attempt.context()), result.outcome(), result.mode()));
        }
    }

    private Instant time(ActionContext ctx) {
        return ctx.event() != null ? ctx.event().time() : clock.instant();
    }

    private static CooldownStore.Key key(Attempt attempt) {
        ActionContext ctx = attempt.context();
        return new CooldownStore.Key(Cause.of(ctx.event()), attempt.spec().id(), ctx.target(), attempt.params());
    }
}
