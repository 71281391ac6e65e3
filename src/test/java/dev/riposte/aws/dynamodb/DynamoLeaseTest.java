package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.state.RulesLease;
import dev.riposte.state.RulesLease.Holding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The rules lease against moto: one owner, takeover only after expiry, and a replaced owner fenced off. */
class DynamoLeaseTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    static final Duration PERIOD = Duration.ofSeconds(10);
    final Instant t0 = Instant.now();
    final String table = moto.createTable();
    final DynamoStateBackend a = moto.backend(table);
    final DynamoStateBackend b = moto.backend(table);
    final DynamoDbClient raw = moto.client();

    @Test
    void oneOwnerAtATimeAndTakeoverOnlyAfterExpiry() {
        Holding first = a.lease().acquire("replica-a", t0, PERIOD).orElseThrow();
        assertThat(first.owner()).isEqualTo("replica-a");
        assertThat(first.version()).isEqualTo(1);
        Map<String, AttributeValue> item = raw.getItem(
                        r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("lease#rules"))))
                .item();
        assertThat(item.get("owner").s()).isEqualTo("replica-a");
        assertThat(item.get("expires_ms").n())
                .isEqualTo(Long.toString(t0.plus(PERIOD).toEpochMilli()));

        assertThat(b.lease().acquire("replica-b", t0.plusSeconds(5), PERIOD))
                .as("a standby while the lease is valid")
                .isEmpty();
        Holding renewed = a.lease().renew(first, t0.plusSeconds(3), PERIOD).orElseThrow();
        assertThat(renewed.version()).as("a heartbeat keeps the version").isEqualTo(1);
        assertThat(b.lease().acquire("replica-b", t0.plusSeconds(12), PERIOD))
                .as("renewed until t0+13s")
                .isEmpty();

        Holding taken =
                b.lease().acquire("replica-b", t0.plusSeconds(14), PERIOD).orElseThrow();
        assertThat(taken.version()).as("a takeover bumps the version").isEqualTo(2);
        assertThat(a.lease().renew(renewed, t0.plusSeconds(15), PERIOD))
                .as("the old owner cannot renew")
                .isEmpty();
        assertThat(a.lease().acquire("replica-a", t0.plusSeconds(15), PERIOD)).isEmpty();
        assertThat(b.lease().current()).contains(taken);
    }

    @Test
    void releasedLeaseIsTakenAtOnce() {
        Holding h = a.lease().acquire("replica-a", t0, PERIOD).orElseThrow();
        a.lease().release(h);
        assertThat(b.lease().acquire("replica-b", t0.plusSeconds(1), PERIOD)).isPresent();
    }

    @Test
    void replicasRacingForAFreeLeaseHaveOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Holding>>> tries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RulesLease lease = (i % 2 == 0 ? a : b).lease();
                String me = "replica-" + i;
                tries.add(pool.submit(() -> {
                    go.await();
                    return lease.acquire(me, t0, PERIOD);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Optional<Holding>> f : tries) {
                won += f.get().isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOwnerReplacedWhilePausedCannotClaimACommand() {
        Instant now = Instant.now();
        Holding old = a.lease()
                .acquire("replica-a", now.minus(PERIOD).minusSeconds(1), PERIOD)
                .orElseThrow();
        a.fenceWith(old);
        // replica-a was paused (kill -STOP) past its lease; replica-b took over
        Holding current = b.lease().acquire("replica-b", now, PERIOD).orElseThrow();
        b.fenceWith(current);
        assertThatThrownBy(() -> a.idempotency()
                        .claim("e1|ec2:isolate-instance|i-1", now, Duration.ofMinutes(1), Duration.ofDays(1), false))
                .hasMessageContaining("no longer owns the rules");
        assertThat(raw.getItem(r -> r.tableName(table)
                                .key(Map.of("id", AttributeValue.fromS("idem#e1|ec2:isolate-instance|i-1"))))
                        .item())
                .as("nothing was claimed")
                .isEmpty();
        assertThat(b.idempotency()
                        .claim("e1|ec2:isolate-instance|i-1", now, Duration.ofMinutes(1), Duration.ofDays(1), false)
                        .won())
                .isTrue();
        assertThat(b.idempotency()
                        .claim("e1|ec2:isolate-instance|i-1", now, Duration.ofMinutes(1), Duration.ofDays(1), false)
                        .held())
                .as("a fenced claim still sees a held record")
                .isPresent();
    }
}
