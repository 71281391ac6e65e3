package dev.riposte.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.dynamodb.MotoState;
import dev.riposte.state.Journal.Entry;
import dev.riposte.state.Journal.Kind;
import dev.riposte.state.file.FileStateBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The journal in both backends: entries read back in time order from a given time, the newest {@code limit} of them when
 * more are kept; trimming drops what is older (the file is rewritten; DynamoDB items carry their TTL and are no longer
 * read); a line torn by a crash is skipped.
 */
class JournalStoresTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @RegisterExtension
    static final MotoState moto = new MotoState();

    @TempDir
    Path dir;

    private String table;

    StateBackend backend(String kind) {
        if (kind.equals("file")) {
            return new FileStateBackend(dir);
        }
        table = moto.createTable();
        return moto.backend(table);
    }

    static Entry event(int minute, String id) {
        return new Entry(T0.plus(Duration.ofMinutes(minute)), Kind.EVENT, "{\"id\":\"" + id + "\"}");
    }

    static List<String> bodies(List<Entry> entries) {
        return entries.stream()
                .map(e -> e.kind() + " " + e.time() + " " + e.body())
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void aBatchOfSixtyEntriesOfOneMillisecondIsReadBackInItsOrder(String kind) {
        try (StateBackend s = backend(kind)) {
            List<Entry> batch = new ArrayList<>();
            for (int i = 0; i < 60; i++) { // more than one BatchWriteItem (25), all at one time: the order is the seq's
                batch.add(new Entry(T0, Kind.EVENT, "{\"id\":\"e" + i + "\"}"));
            }
            s.journal().append(batch, Duration.ofHours(1));
            assertThat(bodies(s.journal().read(T0, 100))).isEqualTo(bodies(batch));
            assertThat(bodies(s.journal().read(T0, 10))).isEqualTo(bodies(batch.subList(50, 60)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void readsInTimeOrderFromAGivenTimeAndTheNewestWhenThereAreMore(String kind) {
        try (StateBackend s = backend(kind)) {
            Journal j = s.journal();
            assertThat(j.read(T0, 10)).isEmpty();
            for (int m = 0; m < 6; m++) {
                j.append(event(m, "e" + m), Duration.ofHours(1));
            }
            j.append(
                    new Entry(
                            T0.plus(Duration.ofMinutes(3)).plusMillis(1),
                            Kind.FIRED,
                            "{\"rule\":\"r\",\"about\":\"e3\"}"),
                    Duration.ofHours(1));
            assertThat(bodies(j.read(T0.plus(Duration.ofMinutes(3)), 100)))
                    .containsExactly(
                            "EVENT 2024-05-01T12:03:00Z {\"id\":\"e3\"}",
                            "FIRED 2024-05-01T12:03:00.001Z {\"rule\":\"r\",\"about\":\"e3\"}",
                            "EVENT 2024-05-01T12:04:00Z {\"id\":\"e4\"}",
                            "EVENT 2024-05-01T12:05:00Z {\"id\":\"e5\"}");
            assertThat(bodies(j.read(T0, 2)))
                    .as("the newest two, oldest first")
                    .containsExactly(
                            "EVENT 2024-05-01T12:04:00Z {\"id\":\"e4\"}", "EVENT 2024-05-01T12:05:00Z {\"id\":\"e5\"}");
            assertThat(j.read(T0, 100)).hasSize(7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void trimmingDropsWhatIsOlderThanTheWindow(String kind) {
        try (StateBackend s = backend(kind)) {
            Journal j = s.journal();
            for (int m = 0; m < 90; m += 10) {
                j.append(event(m, "e" + m), Duration.ofMinutes(60));
            }
            Instant now = T0.plus(Duration.ofMinutes(85));
            j.trim(now.minus(Duration.ofMinutes(60)), 1000);
            assertThat(bodies(j.read(now.minus(Duration.ofMinutes(60)), 1000)))
                    .containsExactly(
                            "EVENT 2024-05-01T12:30:00Z {\"id\":\"e30\"}",
                                    "EVENT 2024-05-01T12:40:00Z {\"id\":\"e40\"}",
                            "EVENT 2024-05-01T12:50:00Z {\"id\":\"e50\"}",
                                    "EVENT 2024-05-01T13:00:00Z {\"id\":\"e60\"}",
                            "EVENT 2024-05-01T13:10:00Z {\"id\":\"e70\"}",
                                    "EVENT 2024-05-01T13:20:00Z {\"id\":\"e80\"}");
            j.append(event(86, "after-trim"), Duration.ofMinutes(60));
            assertThat(j.read(T0, 1000))
                    .as(kind.equals("file") ? "the file holds only the window" : "DynamoDB expires by TTL")
                    .hasSize(kind.equals("file") ? 7 : 10);
        }
    }

    @Test
    void theFileIsRewrittenToTheWindowAndTheLimit() throws IOException {
        try (StateBackend s = backend("file")) {
            Journal j = s.journal();
            for (int m = 0; m < 100; m++) {
                j.append(event(m, "e" + m), Duration.ofMinutes(60));
            }
            Path file = dir.resolve("journal.log");
            long before = Files.size(file);
            j.trim(T0.plus(Duration.ofMinutes(40)), 50);
            assertThat(Files.readAllLines(file))
                    .hasSize(50)
                    .first()
                    .asString()
                    .startsWith(T0.plus(Duration.ofMinutes(50)).toEpochMilli() + "\tEVENT\t");
            assertThat(Files.size(file)).isLessThan(before);
            j.append(event(100, "e100"), Duration.ofMinutes(60));
            assertThat(Files.readAllLines(file))
                    .as("appends go on after the rewrite")
                    .hasSize(51);
        }
    }

    @Test
    void aLineTornByACrashIsSkipped() throws IOException {
        try (StateBackend s = backend("file")) {
            Journal j = s.journal();
            j.append(event(0, "e0"), Duration.ofMinutes(60));
            Files.writeString(
                    dir.resolve("journal.log"),
                    T0.plusSeconds(90).toEpochMilli() + "\tEVENT\t{\"id\":\"tor",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            assertThat(bodies(j.read(T0, 10))).containsExactly("EVENT 2024-05-01T12:00:00Z {\"id\":\"e0\"}");
        }
    }

    @Test
    void dynamoDbItemsCarryTheirExpiryForTtl() {
        try (StateBackend s = backend("dynamodb")) {
            s.journal().append(event(0, "e0"), Duration.ofMinutes(60));
            try (DynamoDbClient db = moto.client()) {
                List<Map<String, AttributeValue>> items = db.scan(
                                b -> b.tableName(DynamoStateBackend.journalTable(table)))
                        .items();
                assertThat(items).hasSize(1);
                assertThat(items.get(0).get("stream").s()).isEqualTo("rules");
                assertThat(items.get(0).get("seq").s()).startsWith("%013d#".formatted(T0.toEpochMilli()));
                assertThat(Long.parseLong(items.get(0).get("expiry").n()))
                        .isEqualTo(T0.plus(Duration.ofMinutes(60)).getEpochSecond() + 1);
            }
        }
    }
}
