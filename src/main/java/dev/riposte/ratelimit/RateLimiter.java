package dev.riposte.ratelimit;

import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.Throttle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Token buckets per action id and per (account, region, service:operation), shared by every command and every
 * investigation read of this process. A caller takes its tokens from all its buckets at once or from none: when
 * they are there it goes on; when the last of them comes within {@code riposte.rate-limit.max-wait} it reserves
 * them and waits; otherwise it takes nothing and does not wait at all ({@code rate-limited}: its source brings it
 * back later). IAM is global, so its buckets are per account whatever the region.
 *
 * <p>Metrics (as Prometheus shows them): {@code riposte_rate_limit_waits_total{kind}} (callers that waited, by the
 * kind of bucket that held them longest: {@code action} or {@code operation}), {@code riposte_rate_limit_wait_seconds}
 * (how long), {@code riposte_rate_limited_total{kind}} (callers turned away). Public: the CDI producer builds it.
 */
public final class RateLimiter implements Throttle {
    static final String ACTION = "action";
    static final String OPERATION = "operation";
    /** Past this many buckets, full ones (no different from new ones) are dropped: the key space stays bounded. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Key(String kind, String name) {}

    private final RateLimitSettings settings;
    private final Ticker ticker;
    private final MeterRegistry registry;
    private final Map<Key, TokenBucket> buckets = new HashMap<>();
    /** The rules owner's term: {@link #NOT_OWNER}, or a number that changes with every takeover (the lease's version). */
    private final LongSupplier term;

    private long lastTerm = Long.MIN_VALUE;
    /** Buckets of a term taken over from another owner start empty. */
    private boolean startEmpty;

    /** What {@code term} says on a replica that does not own the rules: it spends no budget. */
    static final long NOT_OWNER = -1;

    /** @param registry where the metrics go; null for none */
    RateLimiter(RateLimitSettings settings, Ticker ticker, MeterRegistry registry) {
        this(settings, ticker, registry, () -> 0);
    }

    /**
     * The budget of the whole fleet, held by the replica that owns the rules (the only one that acts and investigates):
     * a replica whose {@code term} is {@link #NOT_OWNER} is given no token, and when the term changes (this replica took
     * the rules over) every bucket starts again empty, so that what the previous owner spent just before it died counts:
     * across a takeover the fleet spends at most one burst plus the rate times the time, as one process would.
     */
    RateLimiter(RateLimitSettings settings, Ticker ticker, MeterRegistry registry, LongSupplier term) {
        this.term = Objects.requireNonNull(term, "term");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.registry = registry;
        if (registry
                != null) { // shown at zero from the start, so dashboards and alerts see the series before the first
            // wait
            for (String kind : List.of(ACTION, OPERATION)) {
                waitCounter(kind);
                waitTimer(kind);
                limitedCounter(kind);
            }
        }
    }

    /** How long a command may wait for its tokens before it is deferred ({@code riposte.rate-limit.max-wait}). */
    public Duration maxWait() {
        return settings.maxWait();
    }

    /**
     * The same limits, with fresh buckets, on another time line: replay's simulation of live. {@code nanos} reads
     * event time; waiting costs nothing and no wait is too long, so a command that live would defer is granted,
     * with {@code waitedMs} saying how long after now its tokens come (it is carried out then, never dropped).
     * Compare that wait with {@link #maxWait()} to tell a short wait from a deferral. No metrics.
     */
    public Throttle onTimeline(LongSupplier nanos) {
        RateLimitSettings unbounded = new RateLimitSettings(
                settings.enabled(),
                Duration.ofNanos(Long.MAX_VALUE),
                settings.actionDefault(),
                settings.actions(),
                settings.operations());
        return new RateLimiter(
                unbounded,
                new Ticker() {
                    @Override
                    public long nanos() {
                        return nanos.getAsLong();
                    }

                    @Override
                    public void sleep(long ns) {
                        // event time moves on by itself
                    }
                },
                null);
    }

    @Override
    public Permit acquire(String action, String account, String region, List<AwsRequest> calls) {
        return acquire(action, account, region, calls, settings.maxWait(), true);
    }

    @Override
    public Permit acquire(String action, String account, String region, List<AwsRequest> calls, Duration maxWait) {
        return acquire(
                action,
                account,
                region,
                calls,
                maxWait.compareTo(settings.maxWait()) < 0 ? maxWait : settings.maxWait(),
                maxWait.compareTo(settings.maxWait()) >= 0);
    }

    /** @param deferred true when a refusal defers the caller (commands); false for a read's own shorter budget */
    private Permit acquire(
            String action, String account, String region, List<AwsRequest> calls, Duration maxWait, boolean deferred) {
        Map<Key, Long> need = new LinkedHashMap<>();
        if (action != null && !settings.forAction(action, calls).off()) {
            need.put(new Key(ACTION, action), 1L);
        }
        for (AwsRequest call : calls) {
            if (!settings.forOperation(call.service(), call.operation()).off()) {
                need.merge(operationKey(account, region, call), 1L, Long::sum);
            }
        }
        if (need.isEmpty()) {
            return Permit.FREE;
        }
        long wait = 0;
        Key slowest = null;
        synchronized (this) {
            long t = term.getAsLong();
            if (t == NOT_OWNER) {
                return new Permit(
                        false,
                        0,
                        "this replica does not own the rules: it spends none of the fleet's rate-limit budget;"
                                + " deferred, for the owner");
            }
            if (t != lastTerm) {
                startEmpty =
                        lastTerm != Long.MIN_VALUE || t > 1; // not for a first owner, nor one process alone (term 0)
                lastTerm = t;
                buckets.clear();
            }
            long now = ticker.nanos();
            Map<Key, TokenBucket> held = new LinkedHashMap<>();
            for (Map.Entry<Key, Long> e : need.entrySet()) {
                TokenBucket b = buckets.computeIfAbsent(e.getKey(), k -> new TokenBucket(limit(k), now, !startEmpty));
                held.put(e.getKey(), b);
                long w = b.nanosUntil(e.getValue(), now);
                if (w > wait) {
                    wait = w;
                    slowest = e.getKey();
                }
            }
            if (wait > maxWait.toNanos()) {
                if (registry != null) {
                    limitedCounter(slowest.kind()).increment();
                }
                return new Permit(
                        false, 0, describe(slowest, held.get(slowest).limit(), wait, deferred ? null : maxWait));
            }
            held.forEach((k, b) -> b.take(need.get(k), now));
            prune(now);
        }
        if (wait == 0) {
            return Permit.FREE;
        }
        if (registry != null) {
            waitCounter(slowest.kind()).increment();
            waitTimer(slowest.kind()).record(wait, TimeUnit.NANOSECONDS);
        }
        try {
            ticker.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the caller's source keeps the command for later
            return new Permit(
                    false, TimeUnit.NANOSECONDS.toMillis(wait), "interrupted while waiting for rate-limit tokens");
        }
        return new Permit(true, TimeUnit.NANOSECONDS.toMillis(wait), null);
    }

    /** Tokens left in the bucket of {@code action} now (tests, diagnostics); the burst when it was never used. */
    synchronized double actionTokens(String action) {
        TokenBucket b = buckets.get(new Key(ACTION, action));
        return b == null ? settings.forAction(action).burst() : b.tokens(ticker.nanos());
    }

    private static Key operationKey(String account, String region, AwsRequest call) {
        String where = "iam".equals(call.service())
                ? "global"
                : region == null || region.isBlank() ? "default-region" : region;
        String who = account == null || account.isBlank() ? "unknown-account" : account;
        return new Key(OPERATION, who + "/" + where + "/" + call.service() + ":" + call.operation());
    }

    private Limit limit(Key k) {
        if (ACTION.equals(k.kind())) {
            return settings.forAction(k.name());
        }
        String op = k.name().substring(k.name().lastIndexOf('/') + 1);
        int colon = op.indexOf(':');
        return settings.forOperation(op.substring(0, colon), op.substring(colon + 1));
    }

    /** @param budget a caller's own shorter wait (an investigation read: not deferred, reported incomplete); null: max-wait */
    private static String describe(Key k, Limit limit, long waitNanos, Duration budget) {
        String what = ACTION.equals(k.kind())
                ? "action " + k.name()
                : "operation " + k.name().replace('/', ' ');
        String head = "rate limit of " + what + " (" + limit + ") has no token for another "
                + Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(waitNanos))
                        .toString()
                        .substring(2)
                        .toLowerCase();
        return budget == null
                ? head + ", longer than " + RateLimitSettings.MAX_WAIT + "; deferred, to be carried out later"
                : head + ", longer than the " + budget.toString().substring(2).toLowerCase() + " this read may wait";
    }

    private void prune(long now) {
        if (buckets.size()
                > PRUNE_ABOVE) { // a full bucket dropped in a taken-over term comes back empty: stricter, never looser
            buckets.values().removeIf(b -> b.full(now));
        }
    }

    private Counter waitCounter(String kind) {
        return Counter.builder("riposte.rate.limit.waits")
                .description("callers that waited for rate-limit tokens")
                .tag("kind", kind)
                .register(registry);
    }

    private Timer waitTimer(String kind) {
        return Timer.builder("riposte.rate.limit.wait")
                .description("time spent waiting for rate-limit tokens")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter limitedCounter(String kind) {
        return Counter.builder("riposte.rate.limited")
                .description("callers turned away: no tokens in time (max-wait)")
                .tag("kind", kind)
                .register(registry);
    }
}
