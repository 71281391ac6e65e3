package dev.riposte.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakerTest {
    @TempDir
    Path state;

    private final WiredActions wire = new WiredActions();
    private final List<AlertSink.Alert> alerts = new ArrayList<>();
    private final TestClock clock = new TestClock(Events.T0);

    @AfterEach
    void stop() {
        wire.close();
    }

    private GuardSettings settings(int limit, int perAccount) {
        return GuardSettings.defaults(state).withBreaker(limit, perAccount, Duration.ofMinutes(10));
    }

    private Dispatcher dispatcher(GuardSettings s, boolean dryRun) {
        Breaker breaker = new Breaker(s, List.of(alerts::add), clock);
        return new Dispatcher(
                wire.catalogue, new DispatchSettings(dryRun, false), List.of(new GuardRails(s, null, breaker, clock)));
    }

    private DispatchResult isolate(Dispatcher d, SecurityEvent e) {
        clock.advance(Duration.ofSeconds(1));
        return d.dispatch(
                ActionCommand.of("ec2:isolate-instance", e.resources().get(0).id()), e, false);
    }

    private int isolationsOnTheWire() {
        return wire.calls("/ec2/isolate-instance/.*");
    }

    private List<String> parkedLines() throws IOException {
        Path f = state.resolve("breaker-parked.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void fiftyIsolationsInAMinuteWithLimitFiveRunFiveParkFortyFiveAndAlertOnce() throws IOException {
        Dispatcher d = dispatcher(settings(5, 5), false);
        List<String> outcomes = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            outcomes.add(isolate(d, Events.tor(i, Events.ACCOUNT, Map.of()))
                    .outcome()
                    .value());
        }

        assertThat(isolationsOnTheWire()).isEqualTo(5);
        assertThat(outcomes.subList(0, 5)).containsOnly("succeeded");
        assertThat(outcomes.subList(5, 50)).hasSize(45).containsOnly("breaker-open");
        assertThat(parkedLines()).hasSize(45);
        Map<?, ?> first = new ObjectMapper().readValue(parkedLines().get(0), Map.class);
        assertThat(first.get("action")).isEqualTo("ec2:isolate-instance");
        assertThat(first.get("target")).isEqualTo(String.format("i-%017x", 6));
        assertThat(first.get("eventId")).isEqualTo("evt-6");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).kind()).isEqualTo("breaker-open");
        assertThat(alerts.get(0).message()).contains("riposte breaker reset");
    }

    @Test
    void stateSurvivesARestartAndOnlyAnOperatorResetCloses() throws IOException {
        GuardSettings s = settings(2, 2);
        Dispatcher d = dispatcher(s, false);
        for (int i = 1; i <= 3; i++) {
            isolate(d, Events.tor(i, Events.ACCOUNT, Map.of()));
        }
        clock.advance(Duration.ofHours(2)); // the window has long passed: still open, a person must look

        Dispatcher restarted = dispatcher(s, false);
        assertThat(isolate(restarted, Events.tor(4, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.BREAKER_OPEN);
        Breaker fromCli = new Breaker(s, List.of(), clock); // another process: `riposte breaker status|reset`
        assertThat(fromCli.status().open()).isTrue();
        assertThat(fromCli.status().parked()).isEqualTo(2);
        assertThat(isolationsOnTheWire()).isEqualTo(2);

        BreakerStatus after = fromCli.reset("alice");

        assertThat(after.open()).isFalse();
        assertThat(after.lastReset()).containsEntry("by", "alice");
        assertThat(isolate(restarted, Events.tor(5, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(isolationsOnTheWire()).isEqualTo(3);
        assertThat(parkedLines()).hasSize(2); // parked commands stay on file for review
        assertThat(alerts).hasSize(1);
        assertThatThrownBy(() -> fromCli.reset(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perAccountLimitParksOnlyThatAccount() {
        Dispatcher d = dispatcher(settings(10, 2), false);
        for (int i = 1; i <= 3; i++) {
            isolate(d, Events.tor(i, "444455556666", Map.of()));
        }
        DispatchResult other = isolate(d, Events.tor(4, Events.ACCOUNT, Map.of()));

        assertThat(other.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(isolate(d, Events.tor(5, "444455556666", Map.of())).outcome())
                .isEqualTo(Outcome.BREAKER_OPEN);
        assertThat(isolationsOnTheWire()).isEqualTo(3);
        assertThat(alerts).hasSize(1);
    }

    @Test
    void countsOnlyLiveMutatingCommandsInTheWindow() {
        Dispatcher dry = dispatcher(settings(2, 2), true);
        for (int i = 1; i <= 5; i++) {
            assertThat(isolate(dry, Events.tor(i, Events.ACCOUNT, Map.of())).outcome())
                    .isEqualTo(Outcome.PLANNED);
        }
        Dispatcher live = dispatcher(settings(2, 2), false);
        for (int i = 1; i <= 5; i++) {
            SecurityEvent e = Events.tor(10 + i, Events.ACCOUNT, Map.of());
            assertThat(live.dispatch(ActionCommand.of("notify:test", "x-" + i), e, false)
                            .outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
        }
        assertThat(isolate(live, Events.tor(20, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        clock.advance(Duration.ofMinutes(11)); // the first one has left the window
        assertThat(isolate(live, Events.tor(21, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(isolate(live, Events.tor(22, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(isolate(live, Events.tor(23, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.BREAKER_OPEN);
        assertThat(alerts).hasSize(1);
    }

    @Test
    void anUnreadableStateFileKeepsTheBreakerOpen() throws IOException {
        Files.writeString(state.resolve("breaker.json"), "{not json");
        Dispatcher d = dispatcher(settings(5, 5), false);

        DispatchResult r = isolate(d, Events.tor(1, Events.ACCOUNT, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.BREAKER_OPEN);
        assertThat(r.error()).contains("unreadable");
        assertThat(isolationsOnTheWire()).isZero();
    }

    @Test
    void atBucketEdgesTheLimitIsNeverPassedAndOpensAtMostOneBucketEarly() {
        Duration window = Duration.ofMinutes(1); // buckets of 1 s
        GuardSettings s = GuardSettings.defaults(state).withBreaker(5, 5, window);
        Breaker breaker = new Breaker(s, List.of(), clock);
        Dispatcher d = new Dispatcher(
                wire.catalogue, new DispatchSettings(false, false), List.of(new GuardRails(s, null, breaker, clock)));
        Random random = new Random(19);
        List<Instant> carriedOut = new ArrayList<>();
        int opened = 0;
        for (int i = 1; i <= 400; i++) {
            clock.advance(Duration.ofMillis(random.nextInt(30_000)));
            Instant now = clock.instant();
            Outcome o = d.dispatch(
                            ActionCommand.of("ec2:isolate-instance", "i-" + i),
                            Events.tor(i, Events.ACCOUNT, Map.of()),
                            false)
                    .outcome();
            long exact = carriedOut.stream()
                    .filter(t -> t.isAfter(now.minus(window)))
                    .count();
            if (o == Outcome.SUCCEEDED) {
                carriedOut.add(now);
                assertThat(exact + 1)
                        .as("live mutations in the minute up to %s", now)
                        .isLessThanOrEqualTo(5);
            } else {
                assertThat(o).isEqualTo(Outcome.BREAKER_OPEN);
                long withinABucketMore = carriedOut.stream()
                        .filter(t -> t.isAfter(now.minus(window).minusSeconds(1)))
                        .count();
                assertThat(withinABucketMore).as("opened at %s", now).isGreaterThanOrEqualTo(5);
                opened++;
                breaker.reset("test");
                carriedOut.clear(); // a reset starts a fresh window
            }
        }
        assertThat(opened).as("the walk must reach the limit often").isGreaterThan(10);
    }

    @Test
    void aStateFileOfThePreviousVersionIsCountedInAndANewWindowLengthLosesNoCount() throws IOException {
        Instant now = clock.instant();
        Files.writeString(state.resolve("breaker.json"), """
                {"version":7,"open":false,"openAccounts":{},"parked":0,"recent":[
                  {"time":"%s","account":"111122223333"},
                  {"time":"%s","account":"111122223333"},
                  {"time":"%s","account":"111122223333"}]}
                """.formatted(
                        now.minusSeconds(30), now.minusSeconds(20), now.minus(Duration.ofHours(1))));
        Breaker tenMinutes = new Breaker(settings(4, 4), List.of(), clock);
        assertThat(tenMinutes.status().recent()).isEqualTo(2);
        Dispatcher d = dispatcher(settings(4, 4), false);
        assertThat(isolate(d, Events.tor(1, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(Files.readString(state.resolve("breaker.json"))).contains("\"window\"");

        GuardSettings twentyMinutes = GuardSettings.defaults(state).withBreaker(4, 4, Duration.ofMinutes(20));
        assertThat(new Breaker(twentyMinutes, List.of(), clock).status().recent())
                .isEqualTo(3);
        Dispatcher longer = new Dispatcher(
                wire.catalogue,
                new DispatchSettings(false, false),
                List.of(new GuardRails(twentyMinutes, null, new Breaker(twentyMinutes, List.of(), clock), clock)));
        assertThat(isolate(longer, Events.tor(2, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(isolate(longer, Events.tor(3, Events.ACCOUNT, Map.of())).outcome())
                .isEqualTo(Outcome.BREAKER_OPEN);
    }
}
