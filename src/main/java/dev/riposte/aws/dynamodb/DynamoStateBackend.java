package dev.riposte.aws.dynamodb;

import dev.riposte.state.ApprovalStore;
import dev.riposte.state.BreakerStore;
import dev.riposte.state.Cooldowns;
import dev.riposte.state.IdempotencyRecords;
import dev.riposte.state.Journal;
import dev.riposte.state.RulesLease;
import dev.riposte.state.StateBackend;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shared state in one DynamoDB table (partition key {@code id}, a string; TTL attribute {@code expiry}, epoch
 * seconds), one item per record, typed by the id's prefix: {@code idem#}, {@code breaker}, {@code parked#},
 * {@code cool#}, {@code lease#rules}, {@code approval#} (and {@code approvals}, their index); the correlation journal is
 * in a second table ({@link DynamoJournal}). Every write that decides is a conditional write; a failed condition is an
 * answer (someone else came first), any other error is thrown, so a caller that cannot reach the table decides nothing.
 * Public: the wiring builds it when {@code riposte.state.backend=dynamodb}.
 */
public final class DynamoStateBackend implements StateBackend {
    static final String ID = "id";
    static final String TTL = "expiry";

    private final DynamoDbClient db;
    private final String table;
    private final DynamoIdempotency idempotency;
    private final DynamoBreaker breaker;
    private final DynamoCooldowns cooldowns;
    private final DynamoApprovals approvals;
    private final DynamoLease lease;
    private final DynamoJournal journal;
    private volatile RulesLease.Holding fence;

    public DynamoStateBackend(DynamoDbClient db, String table) {
        this(db, table, journalTable(table));
    }

    /** With the correlation journal in {@code journalTable} (see {@link DynamoJournal}). */
    public DynamoStateBackend(DynamoDbClient db, String table, String journalTable) {
        this.db = db;
        this.table = table;
        this.lease = new DynamoLease(db, table);
        this.idempotency = new DynamoIdempotency(db, table, lease, () -> Optional.ofNullable(fence));
        this.breaker = new DynamoBreaker(db, table);
        this.cooldowns = new DynamoCooldowns(db, table);
        this.approvals = new DynamoApprovals(db, table, lease, () -> Optional.ofNullable(fence));
        this.journal = new DynamoJournal(db, journalTable);
    }

    /** The journal's table when none is named: the state table's name and {@code -journal}. */
    public static String journalTable(String table) {
        return table + "-journal";
    }

    /**
     * A client for {@code region}, with the SDK's standard retries (throttling backs off), at {@code endpoint} when set
     * (tests, emulators); credentials from the default chain.
     */
    public static DynamoDbClient client(String region, URI endpoint) {
        return client(region, endpoint, null);
    }

    /**
     * As {@link #client(String, URI)}, watched by {@code health} (null: not watched). Calls are bounded (3 s an attempt,
     * 8 s in all) so that a table that stops answering is noticed well within the rules lease's period.
     */
    public static DynamoDbClient client(String region, URI endpoint, StateHealth health) {
        var b = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3))
                        .build())
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD)
                            .apiCallAttemptTimeout(Duration.ofSeconds(3))
                            .apiCallTimeout(Duration.ofSeconds(8));
                    if (health != null) {
                        o.addExecutionInterceptor(health);
                    }
                });
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
    }

    @Override
    public IdempotencyRecords idempotency() {
        return idempotency;
    }

    @Override
    public BreakerStore breaker() {
        return breaker;
    }

    @Override
    public Cooldowns cooldowns() {
        return cooldowns;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public ApprovalStore approvals() {
        return approvals;
    }

    /** The rules lease in this table. */
    public RulesLease lease() {
        return lease;
    }

    /**
     * From now on every idempotency claim and approval claim also checks, in the same transaction, that {@code holding}
     * is still the lease's current holding (null: claims are not fenced).
     */
    public void fenceWith(RulesLease.Holding holding) {
        this.fence = holding;
    }

    @Override
    public String describe() {
        return "DynamoDB table " + table;
    }

    @Override
    public void close() {
        db.close();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, s(id));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
    }
}
