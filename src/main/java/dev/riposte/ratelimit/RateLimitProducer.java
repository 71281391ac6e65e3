package dev.riposte.ratelimit;

import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.Throttle;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * CDI wiring of the rate limits from {@code riposte.rate-limit.*}; the dispatcher and the investigation pick the
 * {@link Throttle} up. A bad value stops the start with the key and the expected form; so does an override for an
 * action the catalogue does not have (a typo would otherwise silently leave the default in place).
 */
@Singleton
class RateLimitProducer {
    /**
     * The bean (produced where the rules owner is known, without a dependency on it here) that tells the rules owner's
     * term: -1 on a replica that does not own the rules, else a number that changes with every takeover.
     */
    static final String RULES_TERM = "rulesTerm";

    @Produces
    @Singleton
    Throttle throttle(
            RiposteConfig config,
            ActionCatalogue catalogue,
            Instance<MeterRegistry> registry,
            @Named(RULES_TERM) Instance<LongSupplier> term) {
        RiposteConfig.RateLimit c = config.rateLimit();
        RateLimitSettings s = RateLimitSettings.parse(
                c.enabled(),
                c.maxWait(),
                c.action().defaultLimit(),
                c.action().overrides().orElse(""),
                c.operation().overrides().orElse(""));
        checkKnown(s, catalogue.specs().stream().map(ActionSpec::id).toList());
        if (!s.enabled()) {
            return Throttle.NONE;
        }
        return new RateLimiter(
                s,
                Ticker.SYSTEM,
                registry.isResolvable() ? registry.get() : null,
                term.isResolvable() ? term.get() : () -> 0);
    }

    static void checkKnown(RateLimitSettings s, List<String> known) {
        for (String id : s.actions().keySet()) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException(RateLimitSettings.ACTION_OVERRIDES + ": no action " + id
                        + " in the catalogue" + " (riposte actions lists them)");
            }
        }
    }
}
