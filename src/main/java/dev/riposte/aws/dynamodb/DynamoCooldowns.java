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

/**
 * One item per cooldown key ({@code cool#<key>}): {@code at} (epoch milliseconds) and, after a claim, {@code prev} (the
 * time it replaced, 0 for none) so that a claim whose command did not run can be given back. A claim is one conditional
 * update (no recorded time within the period), so two replicas never both pass one cooldown.
 */
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
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(PREFIX + key)).consistentRead(true))
                .item();
        long at = item == null ? 0 : num(item, "at", 0);
        return at == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    @Override
    public void record(String key, Instant at, Duration keep) {
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key(PREFIX + key))
                    .updateExpression("SET #at = :at, expiry = :exp")
                    .conditionExpression("attribute_not_exists(id) OR #at < :at")
                    .expressionAttributeNames(Map.of("#at", "at"))
                    .expressionAttributeValues(Map.of(
                            ":at", n(at.toEpochMilli()), ":exp", n(at.plus(keep).getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // a later run is already recorded: it wins
        }
    }

    @Override
    public Optional<Instant> claim(String key, Instant at, Duration period) {
        long ms = at.toEpochMilli();
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key(PREFIX + key))
                    .updateExpression("SET #prev = if_not_exists(#at, :zero), #at = :at, expiry = :exp")
                    .conditionExpression("attribute_not_exists(#at) OR #at <= :lo OR #at >= :hi")
                    .expressionAttributeNames(Map.of("#at", "at", "#prev", "prev"))
                    .expressionAttributeValues(Map.of(
                            ":at",
                            n(ms),
                            ":zero",
                            n(0),
                            ":lo",
                            n(ms - period.toMillis()),
                            ":hi",
                            n(ms + period.toMillis()),
                            ":exp",
                            n(at.plus(period).getEpochSecond()))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Optional<Instant> held = last(key);
            // released between the failed update and the read: report the claim as held now, the caller may come back
            return Optional.of(held.orElse(at));
        }
    }

    @Override
    public void release(String key, Instant at) {
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key(PREFIX + key))
                    .updateExpression("SET #at = #prev REMOVE #prev")
                    .conditionExpression("#at = :at AND attribute_exists(#prev)")
                    .expressionAttributeNames(Map.of("#at", "at", "#prev", "prev"))
                    .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
        } catch (ConditionalCheckFailedException e) {
            // a later claim or run is recorded: it stays
        }
    }
}
