package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardRails;
import dev.riposte.guard.GuardSettings;
import dev.riposte.idempotency.IdempotencyCheck;
import dev.riposte.state.MotoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * DynamoDB stops answering in the middle of a run (the moto server is stopped, then started again empty on its port):
 * every live command is deferred, not failed and not carried out (no AWS mutation without its state recorded), the
 * metrics and the health say so, and once the table is back commands run again.
 */
class StateOutageTest {

    private static SecurityEvent event(String id) {
        return new SecurityEvent(
                id,
                "guardduty",
                "Test",
                Instant.now(),
                "111122223333",
                "us-east-1",
                8.0,
                null,
                List.of(),
                null,
                Map.of());
    }

    @Test
    void whileTheTableIsUnreachableCommandsAreDeferredAndNothingIsSent() {
        MotoServer moto = MotoServer.start();
        int port = moto.port();
        // the backend's own client takes its credentials from the default chain, as in a task
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            String table = moto.createTable();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StateHealth health = new StateHealth(table, registry);
            DynamoStateBackend state =
                    new DynamoStateBackend(DynamoStateBackend.client("us-east-1", moto.endpoint(), health), table);
            GuardSettings g = GuardSettings.defaults(Path.of("unused"))
                    .withBreaker(100, 100, Duration.ofMinutes(10))
                    .withCooldown(Duration.ofMinutes(15));
            IdempotencyCheck idem = new IdempotencyCheck(
                    state.idempotency(),
                    Duration.ofDays(1),
                    Duration.ofMinutes(2),
                    IdempotencyCheck.OnInterrupted.SKIP,
                    Clock.systemUTC());
            GuardRails rails = new GuardRails(
                    g,
                    null,
                    new Breaker(g, state.breaker(), List.of(), Clock.systemUTC()),
                    state.cooldowns(),
                    Clock.systemUTC());
            ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();
            Dispatcher d = new Dispatcher(
                    new ActionCatalogue(List.of(action)), new DispatchSettings(false, false), List.of(idem, rails));

            assertThat(d.dispatch(ActionCommand.of("ec2:isolate-instance", "i-1"), event("e1"), false)
                            .outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
            assertThat(health.available()).isTrue();

            moto.close(); // DynamoDB gone mid-run
            DispatchResult r = d.dispatch(ActionCommand.of("ec2:isolate-instance", "i-2"), event("e2"), false);
            assertThat(r.outcome()).as(r.error()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(r.error())
                    .startsWith("deferred: cannot reach the shared state to decide whether it already ran (");
            assertThat(action.executed).containsExactly("i-1");
            assertThat(health.available()).isFalse();
            assertThat(registry.get("riposte.state.errors")
                            .tag("kind", "unreachable")
                            .tag("operation", "BatchGetItem")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(registry.get("riposte.state.available").gauge().value()).isZero();

            moto = MotoServer.startOn(port); // back, empty: the table is created again
            moto.createTable(table);
            r = d.dispatch(ActionCommand.of("ec2:isolate-instance", "i-2"), event("e2"), false);
            assertThat(r.outcome()).as(r.error()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(action.executed).containsExactly("i-1", "i-2");
            assertThat(health.available()).isTrue();
            assertThat(registry.get("riposte.state.available").gauge().value()).isEqualTo(1);
            state.close();
        } finally {
            moto.close();
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aConditionThatDidNotHoldIsAnAnswerNotAnOutage() {
        assertThat(StateHealth.kind(ConditionalCheckFailedException.builder()
                        .message("The conditional request failed")
                        .build()))
                .isNull();
        assertThat(StateHealth.kind(ProvisionedThroughputExceededException.builder()
                        .message("slow down")
                        .statusCode(400)
                        .build()))
                .isEqualTo("throttled");
        assertThat(StateHealth.kind(DynamoDbException.builder()
                        .message("slow down")
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ThrottlingException")
                                .build())
                        .build()))
                .isEqualTo("throttled");
        assertThat(StateHealth.kind(ResourceNotFoundException.builder()
                        .message("no table")
                        .statusCode(400)
                        .build()))
                .isEqualTo("error");
        assertThat(StateHealth.kind(SdkClientException.create("Connection refused")))
                .isEqualTo("unreachable");
    }
}
