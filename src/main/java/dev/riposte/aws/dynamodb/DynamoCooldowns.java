package dev.riposte.aws.dynamodb;

import static dev.riposte.aws.dynamodb.DynamoStateBackend.key;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.n;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.num;

import dev.riposte.state.Cooldowns;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** One item per cooldown key ({@code cool#<key>}): {@code at} (epoch milliseconds), only ever moved forward. */
final class DynamoCooldowns implements Cooldowns {
    static final String PREFIX = "cool#";

    private final DynamoDbClient db;
    private final String table;

    DynamoCooldowns(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<Instant> last(String key) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(PREFIX + key)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(num(item, "at", 0)));
    }

    @Override
    public void record(String key, Instant at, Duration keep) {
        try {
            db.updateItem(b -> b.tableName(table).key(key(PREFIX + key))
                    .updateExpression("SET #at = :at, expiry = :exp")
                    .conditionExpression("attribute_not_exists(id) OR #at < :at")
                    .expressionAttributeNames(Map.of("#at", "at"))
                    .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()), ":exp", n(at.plus(keep).getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // a later run is already recorded: it wins
        }
    }
}
