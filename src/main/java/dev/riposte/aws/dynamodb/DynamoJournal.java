package dev.riposte.aws.dynamodb;

import static dev.riposte.aws.dynamodb.DynamoStateBackend.n;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.num;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.s;
import static dev.riposte.aws.dynamodb.DynamoStateBackend.str;

import dev.riposte.state.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The journal in its own table (partition key {@code stream}, sort key {@code seq}, both strings; TTL attribute
 * {@code expiry}): one item per entry in the partition {@code rules}, its {@code seq} the entry's time (13 digits of
 * epoch milliseconds) then a counter and this writer's id, so a {@code Query} reads a time range in order. Items expire
 * by TTL; as DynamoDB deletes expired items only within a few days, reads ask for the time range, never trust the TTL.
 */
final class DynamoJournal implements Journal {
    static final String STREAM = "stream";
    static final String SEQ = "seq";
    private static final String RULES = "rules";

    /** {@code BatchWriteItem}'s limit. */
    private static final int BATCH = 25;

    private static final int BATCH_TRIES = 6;

    private final DynamoDbClient db;
    private final String table;
    private final String writer = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong counter = new AtomicLong();

    DynamoJournal(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void append(Entry entry, Duration keep) {
        db.putItem(b -> b.tableName(table).item(item(entry, keep)));
    }

    /**
     * {@code BatchWriteItem}s of up to 25 puts; what DynamoDB leaves unprocessed (throttling) is sent again, backing
     * off, up to {@value #BATCH_TRIES} times. The order of the entries is in their {@code seq}, whatever order the
     * batch is applied in.
     */
    @Override
    public void append(List<Entry> entries, Duration keep) {
        if (entries.size() == 1) {
            append(entries.get(0), keep);
            return;
        }
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<WriteRequest> writes = new ArrayList<>();
            for (Entry e : entries.subList(from, Math.min(from + BATCH, entries.size()))) {
                writes.add(WriteRequest.builder()
                        .putRequest(p -> p.item(item(e, keep)))
                        .build());
            }
            Map<String, List<WriteRequest>> left = Map.of(table, writes);
            for (int attempt = 1; !left.isEmpty(); attempt++) {
                if (attempt > BATCH_TRIES) {
                    throw new IllegalStateException(left.get(table).size() + " journal entries left unprocessed by "
                            + BATCH_TRIES + " BatchWriteItem calls (throttled)");
                }
                if (attempt > 1) {
                    Backoff.pause(attempt, 25, "writing the journal");
                }
                Map<String, List<WriteRequest>> request = left;
                BatchWriteItemResponse r = db.batchWriteItem(b -> b.requestItems(request));
                left = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
                left = left.values().stream().allMatch(List::isEmpty) ? Map.of() : left;
            }
        }
    }

    private Map<String, AttributeValue> item(Entry entry, Duration keep) {
        long millis = entry.time().toEpochMilli();
        String seq = "%013d#%012d#%s".formatted(millis, counter.incrementAndGet(), writer);
        return Map.of(
                STREAM,
                s(RULES),
                SEQ,
                s(seq),
                "kind",
                s(entry.kind().name()),
                "body",
                s(entry.body()),
                "time",
                n(millis),
                "expiry",
                n(entry.time().plus(keep).getEpochSecond() + 1));
    }

    @Override
    public List<Entry> read(Instant from, int limit) {
        List<Entry> newestFirst = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse page = db.query(b -> b.tableName(table)
                    .consistentRead(true)
                    .scanIndexForward(false)
                    .keyConditionExpression("#s = :s AND #q >= :from")
                    .expressionAttributeNames(Map.of("#s", STREAM, "#q", SEQ))
                    .expressionAttributeValues(
                            Map.of(":s", s(RULES), ":from", s("%013d".formatted(from.toEpochMilli()))))
                    .limit(Math.min(1000, limit - newestFirst.size()))
                    .exclusiveStartKey(after));
            for (Map<String, AttributeValue> item : page.items()) {
                newestFirst.add(new Entry(
                        Instant.ofEpochMilli(num(item, "time", 0)),
                        Kind.valueOf(str(item, "kind")),
                        str(item, "body")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && newestFirst.size() < limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public void trim(Instant before, int limit) {
        // items expire by their TTL; reads ask for the time range and the newest entries only
    }

    @Override
    public String describe() {
        return "DynamoDB table " + table;
    }
}
