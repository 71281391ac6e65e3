package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.Concurrently;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardSettings;
import dev.riposte.idempotency.IdempotencyCheck;
import dev.riposte.state.IdempotencyRecords;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One replica's many SQS workers on one DynamoDB table (moto), through the real dispatcher: commands with different
 * idempotency keys make their round trips side by side (no lock of the whole process), the same key still takes turns,
 * and the breaker's limit is exact however many workers count at once.
 */
class OneReplicaManyWorkersTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    private static SecurityEvent event(String id) {
        return Events.guardDuty("Test").id(id).at(Instant.now()).severity(8.0).build();
    }

    /**
     * The table's idempotency records, each claim held until {@code width} claims are in progress at once (or 5 s
     * passed): claims that can only run one at a time never meet.
     */
    static final class Gate implements IdempotencyRecords {
        final IdempotencyRecords table;
        final CountDownLatch together;
        final AtomicInteger apart = new AtomicInteger();
        final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        final AtomicInteger mostOnOneKey = new AtomicInteger();

        Gate(IdempotencyRecords table, int width) {
            this.table = table;
            this.together = new CountDownLatch(width);
        }

        @Override
        public Claim claim(
                String id, Instant now, Duration inProgressFor, Duration retention, boolean reclaimInterrupted) {
            AtomicInteger here = inside.computeIfAbsent(id, k -> new AtomicInteger());
            mostOnOneKey.accumulateAndGet(here.incrementAndGet(), Math::max);
            try {
                together.countDown();
                if (!together.await(5, TimeUnit.SECONDS)) {
                    apart.incrementAndGet();
                }
                return table.claim(id, now, inProgressFor, retention, reclaimInterrupted);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                here.decrementAndGet();
            }
        }

        @Override
        public void complete(String id, String outcome, Instant now, Duration retention) {
            table.complete(id, outcome, now, retention);
        }

        @Override
        public void release(String id) {
            table.release(id);
        }

        @Override
        public Optional<Entry> get(String id, Instant now) {
            return table.get(id, now);
        }

        @Override
        public Map<String, Entry> getAll(List<String> ids, Instant now) {
            return table.getAll(ids, now);
        }
    }

    private static Dispatcher dispatcher(ReplicasShareStateTest.Isolate action, DispatchCheck... checks) {
        return new Dispatcher(
                new ActionCatalogue(List.of(action)), new DispatchSettings(false, false), List.of(checks));
    }

    @Test
    void claimsOfDifferentKeysAreInFlightTogetherAndOneKeyTakesTurns() throws Exception {
        DynamoStateBackend state = moto.backend(moto.createTable());
        Gate gate = new Gate(state.idempotency(), 8);
        IdempotencyCheck idempotency = new IdempotencyCheck(
                gate,
                Duration.ofDays(1),
                Duration.ofMinutes(2),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.systemUTC());
        ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();
        Dispatcher d = dispatcher(action, idempotency);
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "event-" + i;
            String target = "i-" + i;
            for (int delivery = 0; delivery < 2; delivery++) { // each event delivered twice, at once
                work.add(() -> d.dispatch(ActionCommand.of("ec2:isolate-instance", target), event(id), false)
                        .outcome()
                        .value());
            }
        }
        List<String> outcomes = Concurrently.run(16, work);
        assertThat(gate.apart.get())
                .as("claims that waited 5 s for the other keys' claims in vain (a lock of the whole process)")
                .isZero();
        assertThat(gate.mostOnOneKey.get())
                .as("claims of one key in progress at once")
                .isEqualTo(1);
        assertThat(action.executed).hasSize(8).doesNotHaveDuplicates();
        assertThat(outcomes.stream().filter("succeeded"::equals).count()).isEqualTo(8);
        assertThat(outcomes.stream().filter("deduplicated"::equals).count()).isEqualTo(8);
    }

    @Test
    void sixteenWorkersOfOneReplicaNeverCarryOutMoreThanTheLimit() throws Exception {
        DynamoStateBackend state = moto.backend(moto.createTable());
        GuardSettings g = GuardSettings.defaults(Path.of("unused")).withBreaker(10, 10, Duration.ofMinutes(10));
        Breaker breaker = new Breaker(g, state.breaker(), List.of(), Clock.systemUTC());
        IdempotencyCheck idempotency = new IdempotencyCheck(
                state.idempotency(),
                Duration.ofDays(1),
                Duration.ofMinutes(2),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.systemUTC());
        ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();
        Dispatcher d = dispatcher(action, idempotency, breaker);
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String id = "event-" + i;
            String target = "i-" + i;
            work.add(() -> d.dispatch(ActionCommand.of("ec2:isolate-instance", target), event(id), false)
                    .outcome()
                    .value());
        }
        List<String> outcomes = Concurrently.run(16, work);
        assertThat(action.executed).hasSize(10).doesNotHaveDuplicates();
        assertThat(outcomes.stream().filter("succeeded"::equals).count()).isEqualTo(10);
        assertThat(outcomes.stream().filter("breaker-open"::equals).count()).isEqualTo(38);
        assertThat(state.breaker().read().window().total()).isEqualTo(10);
        assertThat(state.breaker().read().parked()).isEqualTo(38);
    }
}
