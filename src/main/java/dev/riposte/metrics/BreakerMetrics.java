package dev.riposte.metrics;

import dev.riposte.guard.Breaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.function.Supplier;

/**
 * The blast-radius breaker as Prometheus gauges: {@code riposte_breaker_open} (1 while live mutations are parked),
 * {@code riposte_breaker_recent} (live mutating actions in the current window), {@code riposte_breaker_parked}.
 * The breaker is looked up only when metrics are scraped, so commands that never serve metrics never create it.
 */
@ApplicationScoped
class BreakerMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, Instance<Breaker> breaker) {
        register(registry, breaker::get);
    }

    /** Strong references: Micrometer holds a gauge's object weakly, and nothing else holds this supplier. */
    static void register(MeterRegistry registry, Supplier<Breaker> breaker) {
        Gauge.builder("riposte.breaker.open", breaker, b -> b.get().status().open() ? 1 : 0)
                .description("1 while the blast-radius breaker is open and live mutating commands are parked")
                .strongReference(true)
                .register(registry);
        Gauge.builder("riposte.breaker.recent", breaker, b -> b.get().status().recent())
                .description("live mutating actions inside the breaker window")
                .strongReference(true)
                .register(registry);
        Gauge.builder("riposte.breaker.parked", breaker, b -> b.get().status().parked())
                .description("commands parked since the breaker opened")
                .strongReference(true)
                .register(registry);
    }
}
