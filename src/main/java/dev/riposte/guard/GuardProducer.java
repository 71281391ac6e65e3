package dev.riposte.guard;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** CDI wiring of the guard rails from configuration; the dispatcher picks {@link GuardRails} up as a {@link DispatchCheck}. */
@Singleton
class GuardProducer {

    @Produces
    @Singleton
    GuardSettings settings(@ConfigProperty(name = "riposte.exempt-tag", defaultValue = "riposte:exempt") String exemptTag,
                           @ConfigProperty(name = "riposte.guard.protected-accounts") Optional<List<String>> protectedAccounts,
                           @ConfigProperty(name = "riposte.guard.allowed-accounts") Optional<List<String>> allowedAccounts,
                           @ConfigProperty(name = "riposte.guard.allowed-regions") Optional<List<String>> allowedRegions,
                           @ConfigProperty(name = "riposte.breaker.limit", defaultValue = "10") int limit,
                           @ConfigProperty(name = "riposte.breaker.per-account-limit") Optional<Integer> perAccount,
                           @ConfigProperty(name = "riposte.breaker.window", defaultValue = "10m") Duration window,
                           @ConfigProperty(name = "riposte.guard.cooldown", defaultValue = "15m") Duration cooldown,
                           @ConfigProperty(name = "riposte.guard.self-role-arn") Optional<List<String>> selfRoles,
                           @ConfigProperty(name = "riposte.guard.self-session-prefix", defaultValue = "riposte-") String sessionPrefix,
                           @ConfigProperty(name = "riposte.state.dir", defaultValue = "riposte-state") String stateDir,
                           @ConfigProperty(name = "riposte.approvals.expiry", defaultValue = "24h") Duration approvalExpiry) {
        return new GuardSettings(exemptTag, set(protectedAccounts), set(allowedAccounts), set(allowedRegions), limit,
                perAccount.orElse(limit), window, cooldown, selfRoles.orElse(List.of()), sessionPrefix, Path.of(stateDir),
                approvalExpiry);
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
        return new GuardRails(settings, tags.isResolvable() ? tags.get() : null, breaker, state.cooldowns(), Clock.systemUTC());
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

    private static Set<String> set(Optional<List<String>> values) {
        return values.map(l -> Set.copyOf(l.stream().map(String::strip).filter(s -> !s.isEmpty()).toList())).orElse(Set.of());
    }
}
