package dev.riposte.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riposte.guard.cooldown}: the same command (action, target and parameters) for the same cause is held back as
 * {@code cooldown}; another parameter, or a new event that re-creates the condition, is carried out again.
 */
class CooldownTest {
    private static final Duration COOLDOWN = Duration.ofMinutes(15);

    @TempDir
    Path state;

    private final WiredActions wire = new WiredActions();
    private final TestClock clock = new TestClock(Events.T0);
    /** One set of guard rails for every dispatcher of a test, as in one process. */
    private GuardRails rails;

    @AfterEach
    void stop() {
        wire.close();
    }

    private Dispatcher dispatcher(String mode) {
        if (rails == null) {
            GuardSettings s =
                    GuardSettings.defaults(state).withCooldown(COOLDOWN).withBreaker(100, 100, Duration.ofMinutes(10));
            rails = new GuardRails(s, null, new Breaker(s, List.of(), clock), clock);
        }
        return new Dispatcher(wire.catalogue, new DispatchSettings(!"live".equals(mode), false), List.of(rails));
    }

    private static SecurityEvent event(String id, long secondsAfter) {
        SecurityEvent tor = Events.tor(1, Events.ACCOUNT, Map.of());
        return Events.cloudTrail("AuthorizeSecurityGroupIngress")
                .id(id)
                .at(tor.time().plusSeconds(secondsAfter))
                .resources(tor.resources())
                .outcome("success")
                .build();
    }

    private static DispatchResult isolate(Dispatcher d, SecurityEvent e, String reason) {
        return d.dispatch(
                ActionCommand.of("ec2:isolate-instance", e.resources().get(0).id())
                        .with("reason", reason),
                e,
                false);
    }

    private static DispatchResult isolateShadow(Dispatcher d, SecurityEvent e, String reason) {
        return d.dispatch(
                ActionCommand.of("ec2:isolate-instance", e.resources().get(0).id())
                        .with("reason", reason),
                e,
                true);
    }

    @Test
    void theSameCommandForTheSameEventIsHeldBackWithItsOwnOutcomeUntilTheCooldownIsOver() {
        Dispatcher d = dispatcher("live");
        SecurityEvent e = event("evt-1", 0);
        assertThat(isolate(d, e, "tor").outcome()).isEqualTo(Outcome.SUCCEEDED);

        DispatchResult again = isolate(d, e, "tor");
        assertThat(again.outcome()).isEqualTo(Outcome.COOLDOWN);
        assertThat(again.error())
                .startsWith(
                        "held back by riposte.guard.cooldown 15 min: the same command (action, target and parameters)"
                                + " for the same event evt-1 was carried out at " + e.time());
        assertThat(again.requests()).as("the plan it would have sent").isNotEmpty();

        // the same event delivered again with a later time (a finding updated 20 minutes on): the cooldown is over
        SecurityEvent updated = Events.event(e.source(), e.type())
                .id("evt-1")
                .at(e.time().plus(Duration.ofMinutes(20)))
                .account(e.account())
                .region(e.region())
                .resources(e.resources())
                .outcome("success")
                .build();
        assertThat(isolate(d, updated, "tor").outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(wire.calls("/ec2/isolate-instance/.*")).isEqualTo(2);
    }

    @Test
    void aNewEventThatRecreatesTheConditionIsRemediatedAgainAtOnce() {
        Dispatcher d = dispatcher("live");
        assertThat(isolate(d, event("evt-1", 0), "open to the world").outcome()).isEqualTo(Outcome.SUCCEEDED);
        // a minute later the attacker does it again: a new event, the same command
        assertThat(isolate(d, event("evt-2", 60), "open to the world").outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(wire.calls("/ec2/isolate-instance/.*")).isEqualTo(2);
    }

    @Test
    void anotherParameterIsAnotherCommand() {
        Dispatcher d = dispatcher("live");
        SecurityEvent e = event("evt-1", 0);
        assertThat(isolate(d, e, "port 22").outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(isolate(d, e, "port 3389").outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(wire.calls("/ec2/isolate-instance/.*")).isEqualTo(2);
    }

    @Test
    void notificationsOfDifferentEventsAreNotCooledDown() {
        Dispatcher d = dispatcher("live");
        ActionCommand notify = ActionCommand.of("notify:test", "trail").with("reason", "logging changed");
        assertThat(d.dispatch(notify, event("evt-stop", 0), false).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(d.dispatch(notify, event("evt-delete", 30), false).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(wire.calls("/notify/test/.*")).isEqualTo(2);
    }

    @Test
    void inDryRunAHeldBackCommandSaysItWasOnlyPlanned() {
        Dispatcher d = dispatcher("dry-run");
        SecurityEvent e = event("evt-1", 0);
        assertThat(isolate(d, e, "tor").outcome()).isEqualTo(Outcome.PLANNED);

        DispatchResult again = isolate(d, e, "tor");
        assertThat(again.outcome()).isEqualTo(Outcome.COOLDOWN);
        assertThat(again.mode()).isEqualTo(Mode.DRY_RUN);
        assertThat(again.error())
                .contains("was planned at " + e.time() + " (nothing was sent to AWS)")
                .doesNotContain("carried out")
                .doesNotContain("ran");
        assertThat(wire.calls("/.*")).isZero();
    }

    @Test
    void aPlanHoldsBackOnlyPlansNeverALiveCommand() {
        Dispatcher d = dispatcher("live");
        SecurityEvent e = event("evt-1", 0);
        assertThat(isolateShadow(d, e, "tor").outcome()).isEqualTo(Outcome.PLANNED); // a @mode("shadow") rule
        assertThat(isolateShadow(d, e, "tor").outcome()).isEqualTo(Outcome.COOLDOWN);
        assertThat(isolate(d, e, "tor").outcome()).isEqualTo(Outcome.SUCCEEDED); // a live rule asks for the same
        DispatchResult shadowAfter = isolateShadow(d, e, "tor");
        assertThat(shadowAfter.outcome()).isEqualTo(Outcome.COOLDOWN);
        assertThat(shadowAfter.error()).contains("was carried out at");
        assertThat(wire.calls("/ec2/isolate-instance/.*")).isEqualTo(1);
    }

    @Test
    void aGuardDutyFindingThatAlsoComesThroughSecurityHubIsOneCause() {
        Dispatcher d = dispatcher("live");
        String finding = "c4e6a8b0d2f4b6d8f0a2c4e6a8b0d2f4";
        SecurityEvent direct = Events.tor(1, Events.ACCOUNT, Map.of());
        direct = Events.guardDuty(direct.type())
                .id(finding)
                .at(direct.time())
                .account(direct.account())
                .region(direct.region())
                .severity(8.0)
                .resources(direct.resources())
                .build();
        SecurityEvent viaHub = Events.event("securityhub", direct.type())
                .id("arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0" + "/finding/"
                        + finding)
                .at(direct.time().plusSeconds(90))
                .account(direct.account())
                .region(direct.region())
                .severity(8.0)
                .resources(direct.resources())
                .build();

        assertThat(isolate(d, direct, "tor").outcome()).isEqualTo(Outcome.SUCCEEDED);
        DispatchResult copy = isolate(d, viaHub, "tor");
        assertThat(copy.outcome()).isEqualTo(Outcome.COOLDOWN);
        assertThat(copy.error()).contains("for the same GuardDuty finding " + finding);
        assertThat(wire.calls("/ec2/isolate-instance/.*")).isEqualTo(1);
    }
}
