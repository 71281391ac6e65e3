package dev.riposte.guard;

import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.TagReader;
import dev.riposte.state.Cooldowns;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * All guard rails as one {@link DispatchCheck}, in a fixed order: loop prevention, protected/allowed accounts
 * and regions, the exempt tag, the cooldown, and last the breaker, so that only commands about to really run
 * are counted against the blast radius. Public: the CDI producer and tests wire it.
 */
public final class GuardRails implements DispatchCheck {
    private final List<DispatchCheck> checks;
    private final Breaker breaker;

    /** @param tags null when no {@link TagReader} is installed: the event's tags decide */
    public GuardRails(GuardSettings settings, TagReader tags, Breaker breaker, Clock clock) {
        this(settings, tags, breaker, null, clock);
    }

    /** @param cooldowns where the cooldown remembers what ran (the state backend's); null: in this process's memory */
    public GuardRails(GuardSettings settings, TagReader tags, Breaker breaker, Cooldowns cooldowns, Clock clock) {
        this.breaker = breaker;
        CooldownCheck cooldown = cooldowns == null
                ? new CooldownCheck(settings.cooldown(), clock)
                : new CooldownCheck(settings.cooldown(), clock, cooldowns);
        this.checks = List.of(
                new LoopGuard(SelfEvents.of(settings)),
                new ScopeCheck(settings),
                new ExemptTagCheck(settings.exemptTag(), tags),
                cooldown,
                breaker);
    }

    /** Fresh guard rails that keep everything in memory (breaker, cooldown; tags from the event): for rule test cases. */
    public static GuardRails inMemory(GuardSettings settings, Clock clock) {
        return new GuardRails(settings, null, Breaker.simulation(settings, clock), null, clock);
    }

    public Breaker breaker() {
        return breaker;
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        return firstStop(c -> c.before(attempt));
    }

    /** The cooldown's claim (the only guard rail that records an intent before the first AWS call). */
    @Override
    public Optional<Stop> claim(Attempt attempt) {
        return firstStop(c -> c.claim(attempt));
    }

    @Override
    public void after(Attempt attempt, DispatchResult result) {
        for (DispatchCheck c : checks) {
            c.after(attempt, result);
        }
    }

    /** The first check's stop, in order: the checks after it are not asked. */
    private Optional<Stop> firstStop(Function<DispatchCheck, Optional<Stop>> phase) {
        for (DispatchCheck c : checks) {
            Optional<Stop> stop = phase.apply(c);
            if (stop.isPresent()) {
                return stop;
            }
        }
        return Optional.empty();
    }
}
