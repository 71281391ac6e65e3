package dev.riposte.aws.dynamodb;

import static dev.riposte.aws.dynamodb.DynamoStateBackend.TTL;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.key;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.n;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.num;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.s;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.str;

import dev.riposte.state.IdempotencyRecords;
import dev.riposte.state.RulesLease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Powertools' record: {@code status} INPROGRESS/COMPLETED, {@code expiry} (epoch seconds, the table's TTL),
 * {@code in_progress_expiry} (epoch milliseconds), claimed by a conditional put.
 */
final class DynamoIdempotency implements IdempotencyRecords {
    static final String PREFIX = "idem#";
    /** Powertools' condition: no record, an expired one, or (when interrupted attempts may be repeated) a stale INPROGRESS. */
    static final String CLAIM = "attribute_not_exists(id) OR expiry < :now";

    private static final int UNPROCESSED_TRIES = 3;

    static final String CLAIM_OR_RECLAIM = CLAIM + " OR (#status = :inprogress AND in_progress_expiry < :nowMs)";

    private final DynamoDbClient db;
    private final String table;
    private final DynamoLease lease;
    private final Supplier<Optional<RulesLease.Holding>> fence;

    /** @param fence the rules lease this replica holds, checked with every claim; empty: not fenced (no lease in use) */
    DynamoIdempotency(
            DynamoDbClient db, String table, DynamoLease lease, Supplier<Optional<RulesLease.Holding>> fence) {
        this.db = db;
        this.table = table;
        this.lease = lease;
        this.fence = fence;
    }

    @Override
    public Claim claim(String id, Instant now, Duration inProgressFor, Duration retention, boolean reclaimInterrupted) {
        Map<String, AttributeValue> item = new HashMap<>(key(PREFIX + id));
        item.put("status", s(Status.INPROGRESS.name()));
        item.put("time", s(now.toString()));
        item.put(TTL, n(now.plus(retention).getEpochSecond()));
        item.put("in_progress_expiry", n(now.plus(inProgressFor).toEpochMilli()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(now.getEpochSecond()));
        if (reclaimInterrupted) {
            values.put(":inprogress", s(Status.INPROGRESS.name()));
            values.put(":nowMs", n(now.toEpochMilli()));
        }
        Optional<RulesLease.Holding> lease = fence.get();
        if (lease.isPresent()) {
            return fencedClaim(id, now, inProgressFor, item, values, reclaimInterrupted, lease.get());
        }
        try {
            db.putItem(b -> {
                b.tableName(table)
                        .item(item)
                        .conditionExpression(reclaimInterrupted ? CLAIM_OR_RECLAIM : CLAIM)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
                if (reclaimInterrupted) {
                    b.expressionAttributeNames(Map.of("#status", "status"));
                }
            });
            return new Claim(Optional.empty());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : null;
            Optional<Entry> held = old != null ? Optional.of(entry(id, old)) : get(id, now);
            // the holder vanished between the failed put and the read (released): report it as running, the caller
            // retries later
            return new Claim(Optional.of(
                    held.orElse(new Entry(id, Status.INPROGRESS, null, now, now, now.plus(inProgressFor)))));
        }
    }

    /**
     * The claim and a check that this replica still holds the rules lease at its version, in one transaction: an owner
     * that was paused past its lease (and replaced) cannot claim, so it cannot act.
     */
    private Claim fencedClaim(
            String id,
            Instant now,
            Duration inProgressFor,
            Map<String, AttributeValue> item,
            Map<String, AttributeValue> values,
            boolean reclaimInterrupted,
            RulesLease.Holding holding) {
        Put.Builder put = Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression(reclaimInterrupted ? CLAIM_OR_RECLAIM : CLAIM)
                .expressionAttributeValues(values);
        if (reclaimInterrupted) {
            put.expressionAttributeNames(Map.of("#status", "status"));
        }
        try {
            db.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder()
                            .conditionCheck(lease.fence(holding))
                            .build(),
                    TransactWriteItem.builder().put(put.build()).build()));
            return new Claim(Optional.empty());
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (!reasons.isEmpty()
                    && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                throw new IllegalStateException("this replica no longer owns the rules (lease version "
                        + holding.version() + " was taken over): not acting");
            }
            if (reasons.size() > 1
                    && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                Optional<Entry> held = get(id, now);
                return new Claim(Optional.of(
                        held.orElse(new Entry(id, Status.INPROGRESS, null, now, now, now.plus(inProgressFor)))));
            }
            throw e;
        }
    }

    @Override
    public void complete(String id, String outcome, Instant now, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>(key(PREFIX + id));
        item.put("status", s(Status.COMPLETED.name()));
        item.put("time", s(now.toString()));
        item.put(TTL, n(now.plus(retention).getEpochSecond()));
        item.put("in_progress_expiry", n(now.toEpochMilli()));
        if (outcome != null) {
            item.put("outcome", s(outcome));
        }
        db.putItem(b -> b.tableName(table).item(item));
    }

    /**
     * Fenced like the claim: a replica that lost the lease while its command ran leaves the record INPROGRESS (the new
     * owner treats it as interrupted) rather than freeing the command to run again after what it may have sent.
     */
    @Override
    public void release(String id) {
        Optional<RulesLease.Holding> holding = fence.get();
        if (holding.isEmpty()) {
            db.deleteItem(b -> b.tableName(table).key(key(PREFIX + id)));
            return;
        }
        try {
            db.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder()
                            .conditionCheck(lease.fence(holding.get()))
                            .build(),
                    TransactWriteItem.builder()
                            .delete(d -> d.tableName(table).key(key(PREFIX + id)))
                            .build()));
        } catch (TransactionCanceledException e) {
            throw new IllegalStateException(
                    "record " + id + " not released: this replica no longer owns the rules (lease version "
                            + holding.get().version() + " was taken over)",
                    e);
        }
    }

    @Override
    public Optional<Entry> get(String id, Instant now) {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(PREFIX + id)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Entry e = entry(id, item);
        // TTL deletion is lazy (up to days): an expired record no longer counts
        return e.expiry().isBefore(now) ? Optional.empty() : Optional.of(e);
    }

    /**
     * One strongly consistent {@code BatchGetItem} for all of {@code ids}; keys DynamoDB leaves unprocessed (throttling,
     * the response's size) are asked for again, backing off, a few times, then it fails: nothing is decided on a partial
     * answer.
     */
    @Override
    public Map<String, Entry> getAll(List<String> ids, Instant now) {
        if (ids.size() == 1) {
            return get(ids.get(0), now).map(e -> Map.of(ids.get(0), e)).orElse(Map.of());
        }
        List<Map<String, AttributeValue>> keys =
                ids.stream().distinct().map(id -> key(PREFIX + id)).toList();
        Map<String, KeysAndAttributes> ask = Map.of(
                table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        Map<String, Entry> found = new HashMap<>();
        for (int attempt = 0; ; attempt++) {
            Map<String, KeysAndAttributes> request = ask;
            BatchGetItemResponse r = db.batchGetItem(b -> b.requestItems(request));
            for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                String id = str(item, "id").substring(PREFIX.length());
                Entry e = entry(id, item);
                if (!e.expiry().isBefore(now)) { // TTL deletion is lazy: an expired record no longer counts
                    found.put(id, e);
                }
            }
            if (!r.hasUnprocessedKeys() || r.unprocessedKeys().isEmpty()) {
                return found;
            }
            if (attempt == UNPROCESSED_TRIES) {
                throw new IllegalStateException(
                        "DynamoDB left " + r.unprocessedKeys().get(table).keys().size()
                                + " idempotency keys unprocessed " + (UNPROCESSED_TRIES + 1) + " times");
            }
            ask = r.unprocessedKeys();
            Backoff.pause(attempt, 50, "reading idempotency records");
        }
    }

    private static Entry entry(String id, Map<String, AttributeValue> item) {
        String time = str(item, "time");
        return new Entry(
                id,
                Status.valueOf(str(item, "status")),
                str(item, "outcome"),
                time == null ? Instant.EPOCH : Instant.parse(time),
                Instant.ofEpochSecond(num(item, TTL, 0)),
                Instant.ofEpochMilli(num(item, "in_progress_expiry", 0)));
    }
}
