package dev.riposte.guard;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The same action on the same target (in the same account) is not repeated within the cooldown, whichever
 * event asks: a burst of findings about one instance isolates it once. Time is the event's time, so a replay
 * decides as the live service did; commands without an event use the clock. Only commands that were carried
 * out or planned start a cooldown: a failed one may be retried.
 */
final class CooldownCheck implements DispatchCheck {
    private static final int SWEEP_EVERY = 1024;
    private final Duration period;
    private final Clock clock;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();
    private int sinceSweep;

    CooldownCheck(Duration period, Clock clock) {
        this.period = period;
        this.clock = clock;
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        if (period.isZero() || attempt.context().target() == null) {
            return Optional.empty();
        }
        Instant previous = last.get(key(attempt.context()));
        Instant now = time(attempt.context());
        if (previous != null && Duration.between(previous, now).abs().compareTo(period) < 0) {
            return Optional.of(new Stop("deduplicated", attempt.spec().id() + " on " + attempt.context().target()
                    + " already ran at " + previous + " (riposte.guard.cooldown " + period + ")"));
        }
        return Optional.empty();
    }

    @Override
    public void after(Attempt attempt, DispatchResult result) {
        if (period.isZero() || attempt.context().target() == null) {
            return;
        }
        if ("succeeded".equals(result.outcome()) || "planned".equals(result.outcome())) {
            last.merge(key(attempt.context()), time(attempt.context()), (a, b) -> a.isAfter(b) ? a : b);
            sweep(time(attempt.context()));
        }
    }

    /** Drops entries older than the cooldown now and then, so the map stays bounded. */
    private synchronized void sweep(Instant now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        for (Iterator<Instant> it = last.values().iterator(); it.hasNext(); ) {
            if (Duration.between(it.next(), now).compareTo(period) > 0) {
                it.remove();
            }
        }
    }

    private Instant time(ActionContext ctx) {
        return ctx.event() != null ? ctx.event().time() : clock.instant();
    }

    private static String key(ActionContext ctx) {
        return ctx.command().action() + "|" + ctx.account() + "|" + ctx.target();
    }
}
