package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.BreakerStatus;
import dev.riposte.guard.GuardSettings;
import dev.riposte.guard.TestClock;
import dev.riposte.state.BreakerRecord;
import dev.riposte.state.BreakerWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The breaker's one DynamoDB item stays small however many mutations its window holds (moto). */
class BreakerItemSizeTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    /** DynamoDB's size of an item: each attribute's name and value in bytes (a number: its digits / 2 + 1, at most). */
    static int itemBytes(Map<String, AttributeValue> item) {
        int bytes = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            AttributeValue v = e.getValue();
            bytes += v.s() != null ? v.s().getBytes(StandardCharsets.UTF_8).length : v.n().length() / 2 + 2;
        }
        return bytes;
    }

    /** Write request units of one PutItem of the item: one per KB, rounded up. */
    static int writeUnits(Map<String, AttributeValue> item) {
        return (itemBytes(item) + 1023) / 1024;
    }

    private record Fleet(String table, DynamoStateBackend state, Breaker breaker, Dispatcher dispatcher) {}

    private final TestClock clock = new TestClock(Events.T0);
    private final ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();

    private Fleet fleet(int limit, int perAccountLimit) {
        String table = moto.createTable();
        DynamoStateBackend state = moto.backend(table);
        GuardSettings g = GuardSettings.defaults(Path.of("unused")).withBreaker(limit, perAccountLimit, WINDOW);
        Breaker breaker = new Breaker(g, state.breaker(), List.of(), clock);
        return new Fleet(
                table,
                state,
                breaker,
                new Dispatcher(
                        new ActionCatalogue(List.of(action)), new DispatchSettings(false, false), List.of(breaker)));
    }

    private String isolate(Fleet f, int i, String account) {
        return f.dispatcher()
                .dispatch(ActionCommand.of("ec2:isolate-instance", "i-" + i), Events.tor(i, account, Map.of()), false)
                .outcome()
                .value();
    }

    private static Map<String, AttributeValue> breakerItem(String table) {
        try (DynamoDbClient db = moto.client()) {
            return db.getItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("breaker"))))
                    .item();
        }
    }

    private static final Duration WINDOW = Duration.ofMinutes(10);

    /** {@code n} live isolations spread over one window, in {@code accounts} accounts: all carried out. */
    private void mutations(Fleet f, int n, int accounts) {
        mutations(f, n, accounts, WINDOW);
    }

    private void mutations(Fleet f, int n, int accounts, Duration over) {
        for (int i = 0; i < n; i++) {
            clock.advance(over.dividedBy(n + 1));
            assertThat(isolate(f, i, account(i % accounts))).isEqualTo("succeeded");
        }
    }

    private static String account(int i) {
        return String.format("1111%08d", i);
    }

    private static void print(String what, Map<String, AttributeValue> item) {
        System.out.printf("breaker item, %s: %d bytes, %d WCU per mutation%n", what, itemBytes(item), writeUnits(item));
    }

    @Test
    void nineHundredMutationsInTheWindowKeepTheItemWithinOneWriteUnit() {
        // failed before the buckets: 60,443 bytes, 60 write units a mutation (one entry per mutation)
        Fleet f = fleet(20_000, 20_000);
        mutations(f, 900, 7);
        Map<String, AttributeValue> item = breakerItem(f.table());
        print("900 mutations in the window", item);
        assertThat(f.breaker().status().recent()).isEqualTo(900);
        assertThat(action.executed).hasSize(900);
        assertThat(writeUnits(item)).as("write units of the breaker item").isEqualTo(1);
        assertThat(f.state().breaker().read().window().all()).hasSizeLessThanOrEqualTo(61);
        f.state().close();
    }

    @Test
    void tenThousandMutationsInTheWindowStillOneWriteUnitAndTheLimitHolds() {
        Fleet f = fleet(10_001, 10_001);
        // 9,100 counted over the first nine tenths of the window (as a busy fleet would have), then 900 through the
        // dispatcher in the last tenth
        BreakerWindow w = BreakerWindow.empty(WINDOW.toMillis() / 60);
        for (int i = 0; i < 9_100; i++) {
            w = w.plus(
                    clock.instant()
                            .plus(WINDOW.multipliedBy(9)
                                    .dividedBy(10)
                                    .multipliedBy(i)
                                    .dividedBy(9_100)),
                    account(i % 7),
                    1,
                    false);
        }
        BreakerWindow seeded = w;
        assertThat(f.state()
                        .breaker()
                        .compareAndSet(
                                0, new BreakerRecord(0, false, Map.of(), null, null, 0, seeded, null, null, null)))
                .isTrue();
        clock.advance(WINDOW.multipliedBy(9).dividedBy(10));
        mutations(f, 900, 7, WINDOW.dividedBy(20));
        Map<String, AttributeValue> item = breakerItem(f.table());
        print("10,000 mutations in the window", item);
        assertThat(f.breaker().status().recent()).isEqualTo(10_000);
        assertThat(writeUnits(item)).isEqualTo(1);
        assertThat(isolate(f, 20_000, account(1))).isEqualTo("succeeded");
        assertThat(isolate(f, 20_001, account(1))).as("the 10,002nd").isEqualTo("breaker-open");
        assertThat(f.breaker().status().open()).isTrue();
        f.state().close();
    }

    @Test
    void countsPerAccountAreKeptOnlyWhenThatLimitIsLowerAndCostABucketListPerAccount() {
        Fleet f = fleet(20_000, 10_000);
        mutations(f, 900, 7);
        Map<String, AttributeValue> item = breakerItem(f.table());
        print("900 mutations in 7 accounts, per-account limit below the limit", item);
        assertThat(f.state().breaker().read().window().accounts()).hasSize(7);
        assertThat(itemBytes(item)).isLessThan(7 * 61 * 4 + 1024);
        f.state().close();
    }

    /** The breaker state exactly as the version before the buckets wrote and read it. */
    record OldBreakerRecord(
            long version,
            boolean open,
            Map<String, String> openAccounts,
            String openedAt,
            String reason,
            long parked,
            List<BreakerRecord.Mutation> recent,
            String resetBy,
            String resetAt) {}

    @Test
    void anItemOfThePreviousVersionIsCountedInAndTheOneWrittenNowStaysReadableByIt() throws Exception {
        Fleet f = fleet(10, 10);
        ObjectMapper json = new ObjectMapper();
        List<BreakerRecord.Mutation> recent = new ArrayList<>();
        for (int i = 0; i < 9; i++) { // 9 mutations in the last 9 minutes, as the previous version kept them
            recent.add(new BreakerRecord.Mutation(
                    clock.instant().minus(Duration.ofMinutes(9 - i)).toString(), account(i % 3)));
        }
        recent.add(new BreakerRecord.Mutation(
                clock.instant().minus(Duration.ofMinutes(11)).toString(), account(0)));
        String old =
                json.writeValueAsString(new OldBreakerRecord(41, false, Map.of(), null, null, 0, recent, null, null));
        try (DynamoDbClient db = moto.client()) {
            db.putItem(r -> r.tableName(f.table())
                    .item(Map.of(
                            "id", AttributeValue.fromS("breaker"),
                            "version", AttributeValue.fromN("41"),
                            "state", AttributeValue.fromS(old))));
        }
        assertThat(f.breaker().status().recent())
                .as("the 9 in the window, not the one 11 minutes old")
                .isEqualTo(9);

        clock.advance(Duration.ofSeconds(1));
        assertThat(isolate(f, 1, account(1))).isEqualTo("succeeded");
        clock.advance(Duration.ofSeconds(1));
        assertThat(isolate(f, 2, account(2))).as("the 11th in the window").isEqualTo("breaker-open");

        Map<String, AttributeValue> item = breakerItem(f.table());
        assertThat(item.get("version").n()).as("41, then a count and a park").isEqualTo("43");
        assertThat(item).containsKey("window");
        OldBreakerRecord asTheOldVersionReadsIt =
                json.readValue(item.get("state").s(), OldBreakerRecord.class);
        assertThat(asTheOldVersionReadsIt.open()).isTrue();
        assertThat(asTheOldVersionReadsIt.parked()).isEqualTo(1);
        assertThat(asTheOldVersionReadsIt.recent())
                .as("no longer one entry per mutation")
                .isEmpty();
        assertThat(f.state().breaker().read().window().total()).isEqualTo(10);

        BreakerStatus reset = f.breaker().reset("alice");
        assertThat(reset.open()).isFalse();
        assertThat(reset.recent()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(isolate(f, 3, account(1))).isEqualTo("succeeded");
        f.state().close();
    }
}
