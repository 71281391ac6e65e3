package dev.riposte.aws.dynamodb;

import static dev.riposte.aws.dynamodb.DynamoStateBackend.key;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.n;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.num;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.s;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.str;

import dev.riposte.state.RulesLease;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The rules lease as one item ({@code id = lease#rules}): {@code owner}, {@code version} (bumped by every change of
 * owner), {@code expires_ms}. Taken and renewed by conditional updates only; expiry is compared on the writer's clock
 * (ECS tasks are NTP-synchronised; keep the period well above any skew).
 */
final class DynamoLease implements RulesLease {
    static final String ID = "lease#rules";
    private static final Map<String, String> NAMES = Map.of("#o", "owner", "#v", "version", "#e", "expires_ms");

    private final DynamoDbClient db;
    private final String table;

    DynamoLease(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<Holding> acquire(String me, Instant now, Duration period) {
        try {
            // the same owner keeps its version; a new owner bumps it, which fences the one before
            Map<String, AttributeValue> item = db.updateItem(b -> b.tableName(table)
                            .key(key(ID))
                            .updateExpression("SET #e = :exp, #v = if_not_exists(#v, :zero) + :bump, #o = :me")
                            .conditionExpression("attribute_not_exists(id) OR #e < :now OR #o = :me")
                            .expressionAttributeNames(NAMES)
                            .expressionAttributeValues(Map.of(
                                    ":exp",
                                    n(now.plus(period).toEpochMilli()),
                                    ":zero",
                                    n(0),
                                    ":bump",
                                    n(mine(me) ? 0 : 1),
                                    ":me",
                                    s(me),
                                    ":now",
                                    n(now.toEpochMilli())))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(holding(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private boolean mine(String me) {
        return current().map(h -> h.owner().equals(me)).orElse(false);
    }

    @Override
    public Optional<Holding> renew(Holding mine, Instant now, Duration period) {
        try {
            Map<String, AttributeValue> item = db.updateItem(b -> b.tableName(table)
                            .key(key(ID))
                            .updateExpression("SET #e = :exp")
                            .conditionExpression("#o = :me AND #v = :v")
                            .expressionAttributeNames(NAMES)
                            .expressionAttributeValues(Map.of(
                                    ":exp",
                                    n(now.plus(period).toEpochMilli()),
                                    ":me",
                                    s(mine.owner()),
                                    ":v",
                                    n(mine.version())))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(holding(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Holding> current() {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(ID)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() || str(item, "owner") == null
                ? Optional.empty()
                : Optional.of(holding(item));
    }

    @Override
    public void release(Holding mine) {
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key(ID))
                    .updateExpression("SET #e = :zero")
                    .conditionExpression("#o = :me AND #v = :v")
                    .expressionAttributeNames(Map.of("#o", "owner", "#v", "version", "#e", "expires_ms"))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":me", s(mine.owner()), ":v", n(mine.version()))));
        } catch (ConditionalCheckFailedException e) {
            // already lost: nothing to give up
        }
    }

    /** The condition a fenced write adds (in one transaction): the lease is still {@code mine}, at its version. */
    ConditionCheck fence(Holding mine) {
        return ConditionCheck.builder()
                .tableName(table)
                .key(key(ID))
                .conditionExpression("#o = :me AND #v = :v")
                .expressionAttributeNames(Map.of("#o", "owner", "#v", "version"))
                .expressionAttributeValues(Map.of(":me", s(mine.owner()), ":v", n(mine.version())))
                .build();
    }

    private static Holding holding(Map<String, AttributeValue> item) {
        return new Holding(
                str(item, "owner"), num(item, "version", 0), Instant.ofEpochMilli(num(item, "expires_ms", 0)));
    }
}
