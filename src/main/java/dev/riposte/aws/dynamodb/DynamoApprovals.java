package dev.riposte.aws.dynamodb;

import static dev.riposte.aws.dynamodb.DynamoStateBackend.TTL;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.key;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.n;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.num;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.s;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.str;

import dev.riposte.state.ApprovalStore;
import dev.riposte.state.RulesLease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Approvals as items {@code approval#<id>} (status, times, the step as an opaque payload; TTL a week after the step's own
 * expiry) and one index item {@code approvals} whose attributes {@code p#<id>} (pending, value: expiry in ms) and
 * {@code d#<id>} (decided, not yet carried out; value: decision time) let a replica find them with one read instead of a
 * scan. Each transition writes the approval (conditionally) and the index in one transaction, so they never disagree;
 * a transaction that collides with another on the index is tried again. A claim (for a while: {@code claimed_until_ms})
 * is also fenced by the rules lease; {@code done_at} ends it.
 */
final class DynamoApprovals implements ApprovalStore {
    static final String PREFIX = "approval#";
    static final String INDEX = "approvals";
    /** How long a decided step stays readable after its own expiry (then TTL deletes it). */
    static final Duration KEPT = Duration.ofDays(7);

    private static final int ATTEMPTS = 8;

    private final DynamoDbClient db;
    private final String table;
    private final DynamoLease lease;
    private final Supplier<Optional<RulesLease.Holding>> fence;

    /** @param fence the rules lease this replica holds, checked with every claim; empty: not fenced (no lease in use) */
    DynamoApprovals(DynamoDbClient db, String table, DynamoLease lease, Supplier<Optional<RulesLease.Holding>> fence) {
        this.db = db;
        this.table = table;
        this.lease = lease;
        this.fence = fence;
    }

    @Override
    public void add(String id, Instant created, Instant expires, String payload) {
        Map<String, AttributeValue> item = new HashMap<>(key(PREFIX + id));
        item.put("status", s(Status.PENDING.name()));
        item.put("created", s(created.toString()));
        item.put("expires_ms", n(expires.toEpochMilli()));
        item.put("payload", s(payload));
        item.put(TTL, n(expires.plus(KEPT).getEpochSecond()));
        Put put = Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(id)")
                .build();
        if (!transact(List.of(
                TransactWriteItem.builder().put(put).build(),
                index("SET #p = :t", Map.of("#p", "p#" + id), Map.of(":t", n(expires.toEpochMilli())))))) {
            throw new IllegalArgumentException("approval " + id + " exists already");
        }
    }

    @Override
    public Optional<Approval> get(String id) {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(PREFIX + id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(approval(id, item));
    }

    @Override
    public List<Approval> pending(Instant now) {
        List<Approval> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : entries("p#").entrySet()) {
            if (e.getValue() > now.toEpochMilli()) {
                get(e.getKey()).filter(a -> a.status() == Status.PENDING).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(Approval::created));
        return out;
    }

    @Override
    public Decision decide(String id, Status decision, String who, Instant now) {
        if (decision != Status.APPROVED && decision != Status.REJECTED) {
            throw new IllegalArgumentException("a decision is APPROVED or REJECTED, not " + decision);
        }
        Map<String, AttributeValue> values = Map.of(
                ":d",
                s(decision.name()),
                ":who",
                s(who),
                ":at",
                s(now.toString()),
                ":pending",
                s(Status.PENDING.name()),
                ":now",
                n(now.toEpochMilli()));
        boolean recorded = transact(List.of(
                onApproval(
                        id,
                        "SET #s = :d, decided_by = :who, decided_at = :at",
                        "#s = :pending AND expires_ms > :now",
                        values),
                index(
                        "REMOVE #p SET #d = :t",
                        Map.of("#p", "p#" + id, "#d", "d#" + id),
                        Map.of(":t", n(now.toEpochMilli())))));
        return new Decision(recorded, get(id));
    }

    @Override
    public void expire(Instant now) {
        Map<String, AttributeValue> values = Map.of(
                ":e",
                s(Status.EXPIRED.name()),
                ":at",
                s(now.toString()),
                ":pending",
                s(Status.PENDING.name()),
                ":now",
                n(now.toEpochMilli()));
        for (Map.Entry<String, Long> e : entries("p#").entrySet()) {
            if (e.getValue() > now.toEpochMilli()) {
                continue;
            }
            String id = e.getKey();
            boolean expired = transact(List.of(
                    onApproval(id, "SET #s = :e, decided_at = :at", "#s = :pending AND expires_ms <= :now", values),
                    index(
                            "REMOVE #p SET #d = :t",
                            Map.of("#p", "p#" + id, "#d", "d#" + id),
                            Map.of(":t", n(now.toEpochMilli())))));
            if (!expired && get(id).isEmpty()) {
                forget("p#" + id); // its item is gone (TTL): nothing to expire
            }
        }
    }

    @Override
    public List<Approval> decided(Instant now) {
        List<Map.Entry<String, Long>> ids = new ArrayList<>(entries("d#").entrySet());
        ids.sort(Map.Entry.comparingByValue());
        List<Approval> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : ids) {
            Optional<Approval> a = get(e.getKey());
            if (a.isEmpty()) {
                forget("d#" + e.getKey());
            } else if (!a.get().done()
                    && (a.get().claimedUntil() == null
                            || !a.get().claimedUntil().isAfter(now))) {
                out.add(a.get());
            }
        }
        return out;
    }

    @Override
    public boolean claim(String id, Instant now, Duration holdFor) {
        List<TransactWriteItem> items = new ArrayList<>();
        Optional<RulesLease.Holding> holding = fence.get();
        holding.ifPresent(h -> items.add(
                TransactWriteItem.builder().conditionCheck(lease.fence(h)).build()));
        items.add(onApproval(
                id,
                "SET claimed_until_ms = :until",
                "attribute_exists(id) AND #s <> :pending AND attribute_not_exists(done_at)"
                        + " AND (attribute_not_exists(claimed_until_ms) OR claimed_until_ms <= :now)",
                Map.of(
                        ":until",
                        n(now.plus(holdFor).toEpochMilli()),
                        ":now",
                        n(now.toEpochMilli()),
                        ":pending",
                        s(Status.PENDING.name()))));
        try {
            return transact(items);
        } catch (FenceFailed e) {
            throw new IllegalStateException("this replica no longer owns the rules (lease version "
                    + holding.get().version() + " was taken over): not carrying out approval " + id);
        }
    }

    @Override
    public void done(String id, Instant now) {
        transact(List.of(
                onApproval(id, "SET done_at = :at", "attribute_exists(id)", Map.of(":at", s(now.toString()))),
                index("REMOVE #d", Map.of("#d", "d#" + id), Map.of())));
    }

    /** Thrown by {@link #transact} when the first item, a lease check, failed its condition. */
    private static final class FenceFailed extends RuntimeException {
        FenceFailed() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs the transaction: true when it was written, false when the approval's condition failed (the answer: someone
     * else came first). A conflict with a concurrent transaction on the same items is tried again.
     */
    private boolean transact(List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                db.transactWriteItems(b -> b.transactItems(items));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                for (int i = 0; i < reasons.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        if (items.get(i).conditionCheck() != null) {
                            throw new FenceFailed();
                        }
                        return false;
                    }
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt == ATTEMPTS) {
                    throw e;
                }
                Backoff.pause(attempt, 20, "retrying an approval write");
            }
        }
    }

    private TransactWriteItem onApproval(
            String id, String update, String condition, Map<String, AttributeValue> values) {
        Update.Builder u = Update.builder()
                .tableName(table)
                .key(key(PREFIX + id))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeValues(values);
        if (update.contains("#s") || condition.contains("#s")) {
            u.expressionAttributeNames(Map.of("#s", "status"));
        }
        return TransactWriteItem.builder().update(u.build()).build();
    }

    private TransactWriteItem index(String update, Map<String, String> names, Map<String, AttributeValue> values) {
        Update.Builder u = Update.builder()
                .tableName(table)
                .key(key(INDEX))
                .updateExpression(update)
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            u.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().update(u.build()).build();
    }

    /** The index's entries with {@code prefix} ({@code p#} or {@code d#}): approval id to its number. */
    private Map<String, Long> entries(String prefix) {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(INDEX)).consistentRead(true))
                .item();
        Map<String, Long> out = new LinkedHashMap<>();
        if (item != null) {
            item.forEach((name, v) -> {
                if (name.startsWith(prefix) && v.n() != null) {
                    out.put(name.substring(prefix.length()), Long.parseLong(v.n()));
                }
            });
        }
        return out;
    }

    private void forget(String entry) {
        db.updateItem(b -> b.tableName(table)
                .key(key(INDEX))
                .updateExpression("REMOVE #x")
                .expressionAttributeNames(Map.of("#x", entry)));
    }

    private static Approval approval(String id, Map<String, AttributeValue> item) {
        String decidedAt = str(item, "decided_at");
        long claimedUntil = num(item, "claimed_until_ms", -1);
        return new Approval(
                id,
                Instant.parse(str(item, "created")),
                Instant.ofEpochMilli(num(item, "expires_ms", 0)),
                Status.valueOf(str(item, "status")),
                str(item, "decided_by"),
                decidedAt == null ? null : Instant.parse(decidedAt),
                claimedUntil < 0 ? null : Instant.ofEpochMilli(claimedUntil),
                str(item, "done_at") != null,
                str(item, "payload"));
    }
}
