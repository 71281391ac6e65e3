package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.state.BreakerRecord;
import dev.riposte.state.BreakerWindow;
import dev.riposte.state.IdempotencyRecords;
import dev.riposte.state.IdempotencyRecords.Claim;
import dev.riposte.state.IdempotencyRecords.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB state backend against moto_server: the items it leaves in the table, and replicas racing. */
class DynamoStateBackendTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    static final Duration DAY = Duration.ofDays(1);
    static final Duration MINUTE = Duration.ofMinutes(1);
    final Instant now = Instant.now();
    final String table = moto.createTable();
    final DynamoStateBackend a = moto.backend(table);
    final DynamoStateBackend b = moto.backend(table);
    final DynamoDbClient raw = moto.client();

    private Map<String, AttributeValue> item(String id) {
        return raw.getItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS(id))))
                .item();
    }

    @Test
    void aClaimWritesAnInProgressRecordWithTtlAndASecondClaimSeesIt() {
        Claim first = a.idempotency().claim("e1|ec2:stop-instance|i-1", now, MINUTE, DAY, false);
        assertThat(first.won()).isTrue();
        Map<String, AttributeValue> item = item("idem#e1|ec2:stop-instance|i-1");
        assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
        assertThat(Long.parseLong(item.get("expiry").n()))
                .isEqualTo(now.plus(DAY).getEpochSecond());
        assertThat(Long.parseLong(item.get("in_progress_expiry").n()))
                .isEqualTo(now.plus(MINUTE).toEpochMilli());

        Claim second = b.idempotency().claim("e1|ec2:stop-instance|i-1", now, MINUTE, DAY, false);
        assertThat(second.won()).isFalse();
        assertThat(second.held().orElseThrow().status()).isEqualTo(Status.INPROGRESS);
        assertThat(second.held().orElseThrow().interrupted(now)).isFalse();
    }

    @Test
    void completedRecordsHoldUntilTheyExpireAndReleasedOnesFreeTheKey() {
        IdempotencyRecords r = a.idempotency();
        assertThat(r.claim("k", now, MINUTE, DAY, false).won()).isTrue();
        r.complete("k", "succeeded", now, DAY);
        assertThat(item("idem#k").get("status").s()).isEqualTo("COMPLETED");
        assertThat(item("idem#k").get("outcome").s()).isEqualTo("succeeded");
        Claim again = b.idempotency().claim("k", now.plusSeconds(3600), MINUTE, DAY, true);
        assertThat(again.held().orElseThrow().status()).isEqualTo(Status.COMPLETED);
        // past the retention (TTL deletion is lazy, the condition does not wait for it)
        assertThat(b.idempotency()
                        .claim("k", now.plus(DAY).plusSeconds(2), MINUTE, DAY, false)
                        .won())
                .isTrue();

        assertThat(r.claim("released", now, MINUTE, DAY, false).won()).isTrue();
        r.release("released");
        assertThat(item("released")).isEmpty();
        assertThat(item("idem#released")).isEmpty();
        assertThat(b.idempotency().claim("released", now, MINUTE, DAY, false).won())
                .isTrue();
    }

    @Test
    void anInterruptedAttemptIsReclaimedOnlyWhenAsked() {
        assertThat(a.idempotency().claim("k", now, MINUTE, DAY, false).won()).isTrue();
        Instant later = now.plus(MINUTE).plusSeconds(1);
        Claim skip = b.idempotency().claim("k", later, MINUTE, DAY, false);
        assertThat(skip.won()).isFalse();
        assertThat(skip.held().orElseThrow().interrupted(later)).isTrue();
        // still running (in-progress expiry not passed): even retry does not take it
        assertThat(b.idempotency()
                        .claim("k", now.plusSeconds(10), MINUTE, DAY, true)
                        .won())
                .isFalse();
        assertThat(b.idempotency().claim("k", later, MINUTE, DAY, true).won()).isTrue();
        assertThat(Long.parseLong(item("idem#k").get("in_progress_expiry").n()))
                .isEqualTo(later.plus(MINUTE).toEpochMilli());
    }

    @Test
    void replicasRacingForTheSameKeyHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int key = 0; key < 10; key++) {
                String id = "race-" + key;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    DynamoStateBackend replica = t % 2 == 0 ? a : b;
                    claims.add(pool.submit(() -> {
                        go.await();
                        return replica.idempotency()
                                .claim(id, now, MINUTE, DAY, true)
                                .won();
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> f : claims) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).as(id).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void breakerWritesAreCompareAndSetSoNoCountIsLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            DynamoStateBackend replica = t % 2 == 0 ? a : b;
            String account = "11111111111" + t;
            tasks.add(() -> {
                for (int i = 0; i < 5; i++) {
                    while (true) {
                        BreakerRecord r = replica.breaker().read();
                        BreakerWindow w = r.window() == null ? BreakerWindow.empty(10_000) : r.window();
                        BreakerWindow next = w.plus(Instant.now(), account, 1, true);
                        if (replica.breaker()
                                .compareAndSet(
                                        r.version(),
                                        new BreakerRecord(0, false, Map.of(), null, null, 0, next, null, null, null))) {
                            break;
                        }
                    }
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
            f.get();
        }
        pool.shutdown();
        BreakerRecord end = b.breaker().read();
        assertThat(end.window().total()).isEqualTo(30);
        assertThat(end.window().accounts())
                .hasSize(6)
                .allSatisfy((account, counts) -> assertThat(
                                counts.stream().mapToInt(Integer::intValue).sum())
                        .isEqualTo(5));
        assertThat(end.version()).isEqualTo(30);
        assertThat(item("breaker").get("version").n()).isEqualTo("30");
        assertThat(a.breaker().compareAndSet(29, BreakerRecord.closed()))
                .as("a stale version is refused")
                .isFalse();
    }

    @Test
    void parkedCommandsAreItemsWithTtl() {
        a.breaker().park(Map.of("action", "ec2:stop-instance", "target", "i-1"));
        var items = raw.scan(r -> r.tableName(table)).items();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").s()).startsWith("parked#");
        assertThat(items.get(0).get("command").s()).contains("\"target\":\"i-1\"");
        assertThat(items.get(0)).containsKey("expiry");
    }

    @Test
    void cooldownsKeepTheLatestRunWhateverTheOrder() {
        a.cooldowns().record("ec2:stop-instance|i-1", now, DAY);
        b.cooldowns().record("ec2:stop-instance|i-1", now.minusSeconds(60), DAY);
        assertThat(b.cooldowns().last("ec2:stop-instance|i-1")).contains(Instant.ofEpochMilli(now.toEpochMilli()));
        b.cooldowns().record("ec2:stop-instance|i-1", now.plusSeconds(60), DAY);
        assertThat(a.cooldowns().last("ec2:stop-instance|i-1"))
                .contains(Instant.ofEpochMilli(now.plusSeconds(60).toEpochMilli()));
        assertThat(a.cooldowns().last("other")).isEmpty();
    }
}
