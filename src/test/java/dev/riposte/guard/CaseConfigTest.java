package dev.riposte.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15.4: a `riposte test` case sets the guard configuration it needs, on fresh in-memory guard rails. */
class CaseConfigTest {
    private final WiredActions wire = new WiredActions();
    private final TestClock clock = new TestClock(Events.T0);

    @AfterEach
    void stop() {
        wire.close();
    }

    private String twice(Map<String, String> config) {
        GuardRails rails =
                GuardRails.inMemory(GuardSettings.defaults(Path.of("unused")).with(config), clock);
        Dispatcher d = new Dispatcher(wire.catalogue, new DispatchSettings(false, false), List.of(rails));
        SecurityEvent e = Events.tor(1, Events.ACCOUNT, Map.of());
        ActionCommand isolate = ActionCommand.of(
                        "ec2:isolate-instance", e.resources().get(0).id())
                .with("reason", "tor");
        DispatchResult first = d.dispatch(isolate, e, false);
        DispatchResult second = d.dispatch(isolate, e, false);
        return first.outcome() + " " + second.outcome();
    }

    @Test
    void theDefaultCooldownHoldsTheSecondBackAndZeroLetsBothThrough() {
        assertThat(twice(Map.of())).isEqualTo("succeeded cooldown");
        assertThat(twice(Map.of("riposte.guard.cooldown", "0s"))).isEqualTo("succeeded succeeded");
    }

    @Test
    void aProtectedAccountStopsTheCommand() {
        assertThat(twice(Map.of("riposte.guard.protected-accounts", Events.ACCOUNT + ", 999988887777")))
                .doesNotContain("succeeded");
    }

    @Test
    void overridesAreReadLikeApplicationProperties() {
        GuardSettings s = GuardSettings.defaults(Path.of("."))
                .with(Map.of(
                        "riposte.guard.cooldown",
                        "PT1H",
                        "riposte.breaker.limit",
                        "3",
                        "riposte.breaker.window",
                        "90s",
                        "riposte.guard.allowed-regions",
                        "eu-west-1,us-east-1",
                        "riposte.exempt-tag",
                        "keep"));
        assertThat(s.cooldown()).isEqualTo(Duration.ofHours(1));
        assertThat(s.breakerLimit()).isEqualTo(3);
        assertThat(s.perAccountLimit()).as("follows the limit as in config").isEqualTo(3);
        assertThat(s.breakerWindow()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.allowedRegions()).isEqualTo(Set.of("eu-west-1", "us-east-1"));
        assertThat(s.exemptTag()).isEqualTo("keep");
        for (int i = 0; i < 20; i++) { // whatever order the map gives: the per-account limit stated wins
            GuardSettings both = GuardSettings.defaults(Path.of("."))
                    .with(Map.of("riposte.breaker.per-account-limit", "10", "riposte.breaker.limit", "3"));
            assertThat(both.breakerLimit()).isEqualTo(3);
            assertThat(both.perAccountLimit()).isEqualTo(10);
        }
        assertThat(GuardSettings.defaults(Path.of("."))
                        .with(Map.of("riposte.guard.cooldown", "15m"))
                        .cooldown())
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void unknownKeysAndBadValuesSayWhatIsAccepted() {
        GuardSettings d = GuardSettings.defaults(Path.of("."));
        assertThatThrownBy(() -> d.with(Map.of("riposte.guard.coldown", "0s")))
                .hasMessageStartingWith("unknown key \"riposte.guard.coldown\"")
                .hasMessageContaining("riposte.guard.cooldown");
        assertThatThrownBy(() -> d.with(Map.of("riposte.guard.cooldown", "soon")))
                .hasMessageContaining("a duration, e.g. 0s");
        assertThatThrownBy(() -> d.with(Map.of("riposte.breaker.limit", "ten"))).hasMessageContaining("a whole number");
        assertThatThrownBy(() -> d.with(Map.of("riposte.breaker.limit", "0"))).hasMessageContaining(">= 1");
    }
}
