package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.Concurrently;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardSettings;
import dev.riposte.idempotency.IdempotencyCheck;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas (each its own client, dispatcher, breaker and idempotency check) on one DynamoDB table, through the
 * real dispatcher: the breaker's limit holds for both together and no command is carried out twice.
 */
class ReplicasShareStateTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    /** Counts live executions across replicas (the AWS side); targets in {@code failing} fail once. */
    static final class Isolate implements ActionHandler {
        final List<String> executed = Collections.synchronizedList(new ArrayList<>());
        final Set<String> failing = ConcurrentHashMap.newKeySet();

        @Override
        public ActionSpec spec() {
            return ActionSpec.builder("ec2:isolate-instance")
                    .description("test")
                    .targetType("AWS::EC2::Instance")
                    .permissions("ec2:Test")
                    .build();
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(new AwsRequest("ec2", "Test", Map.of("Target", ctx.target())));
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            if (failing.remove(ctx.target())) {
                return ExecutionResult.failed("Throttling", List.of());
            }
            executed.add(ctx.target());
            return ExecutionResult.succeeded(List.of(), "req");
        }
    }

    private static SecurityEvent event(String id) {
        return Events.guardDuty("Test").id(id).at(Instant.now()).severity(8.0).build();
    }

    record Replica(Dispatcher dispatcher, DynamoStateBackend state) {}

    private static Replica replica(String table, Isolate action, int limit) {
        DynamoStateBackend state = moto.backend(table);
        GuardSettings g = GuardSettings.defaults(Path.of("unused")).withBreaker(limit, limit, Duration.ofMinutes(10));
        Breaker breaker = new Breaker(g, state.breaker(), List.of(), Clock.systemUTC());
        IdempotencyCheck idem = new IdempotencyCheck(
                state.idempotency(),
                Duration.ofDays(1),
                Duration.ofMinutes(2),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.systemUTC());
        return new Replica(
                new Dispatcher(
                        new ActionCatalogue(List.of(action)),
                        new DispatchSettings(false, false),
                        List.of(idem, breaker)),
                state);
    }

    @Test
    void theBreakerLimitHoldsForBothReplicasTogether() throws Exception {
        String table = moto.createTable();
        Isolate action = new Isolate();
        Replica a = replica(table, action, 10);
        Replica b = replica(table, action, 10);
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Replica r = i % 2 == 0 ? a : b;
            String id = "event-" + i;
            String target = "i-" + i;
            work.add(() -> r.dispatcher()
                    .dispatch(ActionCommand.of("ec2:isolate-instance", target), event(id), false)
                    .outcome()
                    .value());
        }
        List<String> outcomes = Concurrently.run(8, work);
        assertThat(action.executed).hasSize(10).doesNotHaveDuplicates();
        assertThat(outcomes.stream().filter("succeeded"::equals).count()).isEqualTo(10);
        assertThat(outcomes.stream().filter("breaker-open"::equals).count()).isEqualTo(20);
        var items = moto.client().scan(s -> s.tableName(table)).items();
        assertThat(items.stream()
                        .filter(it -> it.get("id").s().startsWith("idem#")
                                && "COMPLETED".equals(it.get("status").s())))
                .hasSize(10);
        assertThat(items.stream().filter(it -> it.get("id").s().startsWith("idem#")))
                .as("parked ones are released")
                .hasSize(10);
        assertThat(items.stream().filter(it -> it.get("id").s().startsWith("parked#")))
                .hasSize(20);
        assertThat(a.state().breaker().read().open()).isTrue();
        assertThat(b.state().breaker().read().window().total()).isEqualTo(10);
        assertThat(b.state().breaker().read().parked()).isEqualTo(20);
    }

    @Test
    void anEventDeliveredToBothReplicasAtOnceIsCarriedOutOnce() throws Exception {
        String table = moto.createTable();
        Isolate action = new Isolate();
        Replica a = replica(table, action, 1000);
        Replica b = replica(table, action, 1000);
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "event-" + i;
            String target = "i-" + i;
            for (Replica r : List.of(a, b)) {
                work.add(() -> r.dispatcher()
                        .dispatch(ActionCommand.of("ec2:isolate-instance", target), event(id), false)
                        .outcome()
                        .value());
            }
        }
        List<String> outcomes = Concurrently.run(8, work);
        assertThat(action.executed).hasSize(20).doesNotHaveDuplicates();
        assertThat(outcomes.stream().filter("succeeded"::equals).count()).isEqualTo(20);
        // the loser finds the command done (deduplicated) or still running elsewhere (deferred: its message comes back)
        assertThat(outcomes.stream()
                        .filter(o -> o.equals("deduplicated") || o.equals("rate-limited"))
                        .count())
                .isEqualTo(20);
        // the losers gave their breaker places back
        assertThat(a.state().breaker().read().window().total()).isEqualTo(20);
    }

    @Test
    void aReplicaThatCannotReachTheTableSendsNothingAndDefersTheCommand() {
        Isolate action = new Isolate();
        DynamoStateBackend unreachable = new DynamoStateBackend(
                DynamoStateBackend.client("us-east-1", URI.create("http://127.0.0.1:" + freePort())), "riposte-state");
        IdempotencyCheck idem = new IdempotencyCheck(
                unreachable.idempotency(),
                Duration.ofDays(1),
                Duration.ofMinutes(2),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.systemUTC());
        Dispatcher d =
                new Dispatcher(new ActionCatalogue(List.of(action)), new DispatchSettings(false, false), List.of(idem));
        var r = d.dispatch(ActionCommand.of("ec2:isolate-instance", "i-1"), event("e1"), false);
        // deferred, not failed: its source keeps it (SQS message stays on the queue) until the state is back
        assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r.error()).startsWith("deferred: cannot reach the shared state to decide whether it already ran (");
        assertThat(action.executed).isEmpty();
        unreachable.close();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
