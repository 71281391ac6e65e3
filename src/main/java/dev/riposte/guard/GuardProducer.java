package dev.riposte.guard;

import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.TagReader;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.state.StateBackend;
import io.quarkus.arc.All;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** CDI wiring of the guard rails from configuration; the dispatcher picks {@link GuardRails} up as a {@link DispatchCheck}. */
@Singleton
class GuardProducer {

    @Produces
    @Singleton
    GuardSettings settings(RiposteConfig config) {
        return GuardSettings.of(config);
    }

    /** Typed to itself alone: it runs inside {@link GuardRails}, and must not be picked up as a second check. */
    @Produces
    @Singleton
    @Typed(Breaker.class)
    Breaker breaker(GuardSettings settings, StateBackend state, ActionCatalogue catalogue, @All List<AlertSink> sinks) {
        List<AlertSink> all = new ArrayList<>();
        all.add(new LogAlert(catalogue));
        all.addAll(sinks);
        return new Breaker(settings, state.breaker(), all, Clock.systemUTC());
    }

    @Produces
    @Singleton
    @Priority(DispatchCheck.GUARD_RAILS)
    GuardRails guardRails(GuardSettings settings, Instance<TagReader> tags, Breaker breaker, StateBackend state) {
        return new GuardRails(
                settings, tags.isResolvable() ? tags.get() : null, breaker, state.cooldowns(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    SelfEvents selfEvents(GuardSettings settings) {
        return SelfEvents.of(settings);
    }

    @Produces
    @Singleton
    Approvals approvals(GuardSettings settings, StateBackend state) {
        return new Approvals(state.approvals(), settings.approvalExpiry(), Clock.systemUTC());
    }
}
