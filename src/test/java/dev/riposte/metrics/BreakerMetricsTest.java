package dev.riposte.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakerMetricsTest {
    @TempDir
    Path state;

    @Test
    void gaugesReadTheBreakerOnlyWhenScraped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Breaker breaker = new Breaker(GuardSettings.defaults(state), List.of(), Clock.systemUTC());
        AtomicInteger lookups = new AtomicInteger();
        BreakerMetrics.register(registry, () -> {
            lookups.incrementAndGet();
            return breaker;
        });
        assertThat(lookups).hasValue(0);
        System.gc(); // the gauges must not lose their supplier to the garbage collector
        assertThat(registry.get("riposte.breaker.open").gauge().value()).isZero();
        assertThat(registry.get("riposte.breaker.recent").gauge().value()).isZero();
        assertThat(registry.get("riposte.breaker.parked").gauge().value()).isZero();
        assertThat(lookups).hasValue(3);
    }
}
