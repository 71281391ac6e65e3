package dev.riposte.aws.dynamodb;

import static dev.riposte.aws.dynamodb.DynamoStateBackend.TTL;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.key;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.n;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.num;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.s;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.str;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.state.BreakerRecord;
import dev.riposte.state.BreakerStore;
import dev.riposte.state.BreakerWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The breaker as one item ({@code id = breaker}): its state as JSON ({@code state}, in the shape the version before the
 * buckets wrote, which reads it), its counts per time bucket ({@code window}) and a {@code version} number that every
 * write checks and bumps, so two replicas counting at once cannot both take the last place in the window. The item
 * stays about half a KB whatever the number of mutations in the window. Parked commands are items of their own
 * ({@code parked#<time>#<uuid>}), kept 30 days.
 */
final class DynamoBreaker implements BreakerStore {
    static final String ID = "breaker";
    static final String PARKED = "parked#";
    static final Duration PARKED_KEPT = Duration.ofDays(30);
    static final String WINDOW = "window";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STATE_JSON =
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final DynamoDbClient db;
    private final String table;

    DynamoBreaker(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public BreakerRecord read() {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(ID)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return BreakerRecord.closed();
        }
        long version = num(item, "version", 0);
        try {
            BreakerRecord r = JSON.readValue(str(item, "state"), BreakerRecord.class);
            String window = str(item, WINDOW);
            return new BreakerRecord(
                    version,
                    r.open(),
                    r.openAccounts(),
                    r.openedAt(),
                    r.reason(),
                    r.parked(),
                    window == null ? null : JSON.readValue(window, BreakerWindow.class),
                    r.resetBy(),
                    r.resetAt(),
                    r.recent());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new BreakerRecord(
                    version,
                    true,
                    Map.of(),
                    null,
                    "breaker state in " + table + " is unreadable ("
                            + e.getMessage().lines().findFirst().orElse("") + "); reset it",
                    0,
                    null,
                    null,
                    null,
                    null);
        }
    }

    @Override
    public boolean compareAndSet(long expectedVersion, BreakerRecord next) {
        Map<String, AttributeValue> item = new HashMap<>(key(ID));
        item.put("version", n(expectedVersion + 1));
        try {
            // the state as the version before the buckets wrote it (it reads this one, if rolled back to), the counts
            // beside
            BreakerRecord state = new BreakerRecord(
                    0,
                    next.open(),
                    next.openAccounts(),
                    next.openedAt(),
                    next.reason(),
                    next.parked(),
                    null,
                    next.resetBy(),
                    next.resetAt(),
                    List.of());
            item.put("state", s(STATE_JSON.writeValueAsString(state)));
            if (next.window() != null) {
                item.put(WINDOW, s(JSON.writeValueAsString(next.window())));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the breaker state: " + e.getMessage(), e);
        }
        try {
            if (expectedVersion == 0) {
                db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
            } else {
                db.putItem(b -> b.tableName(table)
                        .item(item)
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void park(Map<String, Object> command) {
        Instant now = Instant.now();
        Map<String, AttributeValue> item = new HashMap<>(key(PARKED + now + "#" + UUID.randomUUID()));
        try {
            item.put("command", s(JSON.writeValueAsString(command)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot park the command: " + e.getMessage(), e);
        }
        item.put(TTL, n(now.plus(PARKED_KEPT).getEpochSecond()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public String parkedLocation() {
        return "DynamoDB table " + table + " (items parked#*)";
    }
}
