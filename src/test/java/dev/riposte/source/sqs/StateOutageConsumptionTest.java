package dev.riposte.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.sqs.SqsQueue;
import dev.riposte.aws.sqs.SqsQueues;
import dev.riposte.pipeline.RulesOwnership;
import dev.riposte.state.MotoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's DynamoDB stops answering mid-run (moto stopped): its rules lease cannot be renewed, so within two thirds
 * of the period it no longer counts itself owner and its consumer takes nothing more from the queue: the messages stay
 * there, for whichever replica owns the rules with its state (consume nothing rather than decide without state).
 */
class StateOutageConsumptionTest {
    @TempDir
    Path dir;

    @Test
    void anOwnerThatCannotRenewItsLeaseConsumesNothing() throws Exception {
        ElasticMq sqs = ElasticMq.onFreePort();
        MotoServer moto = MotoServer.start();
        AtomicBoolean lost = new AtomicBoolean();
        List<String> handled = new CopyOnWriteArrayList<>();
        try {
            String table = moto.createTable();
            DynamoStateBackend state = new DynamoStateBackend(moto.client(), table);
            RulesOwnership ownership = RulesOwnership.of(state, Duration.ofSeconds(3), () -> lost.set(true))
                    .start();
            String url = sqs.createQueue("q" + UUID.randomUUID().toString().substring(0, 8), 5, 3);
            SqsQueue queue = SqsQueues.connect(sqs.sqsEndpoint(url));
            SqsConsumer consumer = new SqsConsumer(
                    queue,
                    m -> {
                        handled.add(m.body());
                        return SqsConsumer.Disposition.PROCESSED;
                    },
                    Harness.settings(sqs.sqsEndpoint(url), 5, 2, dir.resolve("q.jsonl")),
                    new SimpleMeterRegistry(),
                    ownership::owner);
            await(ownership::owner, "this replica owns the rules");
            consumer.start();
            sqs.send(url, "{\"n\":1}");
            sqs.send(url, "{\"n\":2}");
            await(() -> handled.size() == 2 && sqs.depth(url) == 0, "both messages handled and deleted");

            moto.close(); // the shared state is gone
            await(() -> !ownership.owner(), "the owner stops counting itself owner");
            sqs.send(url, "{\"n\":3}");
            sqs.send(url, "{\"n\":4}");
            Thread.sleep(3000);
            assertThat(handled).containsExactly("{\"n\":1}", "{\"n\":2}");
            assertThat(sqs.depth(url)).as("left on the queue").isEqualTo(2);
            assertThat(lost)
                    .as("not lost (nobody took it over): it resumes when the table answers")
                    .isFalse();
            consumer.stop();
            queue.close();
            ownership.close();
        } finally {
            moto.close();
            sqs.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
