package dev.riposte.ratelimit;

import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.Throttle;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CDI wiring of the rate limits from {@code riposte.rate-limit.*}; the dispatcher and the investigation pick the
 * {@link Throttle} up. A bad value stops the start with the key and the expected form; so does an override for an
 * action the catalogue does not have (a typo would otherwise silently leave the default in place).
 */
@Singleton
class RateLimitProducer {

    @Produces
    @Singleton
    Throttle throttle(@ConfigProperty(name = "riposte.rate-limit.enabled", defaultValue = "true") boolean enabled,
                      @ConfigProperty(name = "riposte.rate-limit.max-wait", defaultValue = "5s") String maxWait,
                      @ConfigProperty(name = "riposte.rate-limit.action.default", defaultValue = "2/1s burst=20") String actionDefault,
                      @ConfigProperty(name = "riposte.rate-limit.action.overrides") Optional<String> actionOverrides,
                      @ConfigProperty(name = "riposte.rate-limit.operation.overrides") Optional<String> operationOverrides,
                      ActionCatalogue catalogue, Instance<MeterRegistry> registry) {
        RateLimitSettings s = RateLimitSettings.parse(enabled, maxWait, actionDefault, actionOverrides.orElse(""),
                operationOverrides.orElse(""));
        checkKnown(s, catalogue.specs().stream().map(ActionSpec::id).toList());
        if (!s.enabled()) {
            return Throttle.NONE;
        }
        return new RateLimiter(s, Ticker.SYSTEM, registry.isResolvable() ? registry.get() : null);
    }

    static void checkKnown(RateLimitSettings s, List<String> known) {
        for (String id : s.actions().keySet()) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException(RateLimitSettings.ACTION_OVERRIDES + ": no action " + id + " in the catalogue"
                        + " (riposte actions lists them)");
            }
        }
    }
}
