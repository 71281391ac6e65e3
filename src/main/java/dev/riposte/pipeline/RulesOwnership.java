package dev.riposte.pipeline;

import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.state.RulesLease;
import dev.riposte.state.RulesLease.Holding;
import dev.riposte.state.StateBackend;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Which replica owns the rule session. With the file backend this process always does (one process per state folder).
 * With DynamoDB a heartbeat takes the rules lease when it is free or expired and renews it every third of its period;
 * until then this replica stands by (runs no rules, no actions, consumes nothing). It counts itself owner only while
 * its last successful renewal is younger than the period minus a third (so it stops before any other replica can take
 * over), fences its idempotency claims with the lease's version, and when it finds the lease taken by another (it was
 * paused or cut off past the period) it calls {@code onLost}: the service exits and is restarted as a standby.
 * Public: the live service, SQS and the health check ask it.
 */
public final class RulesOwnership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RulesOwnership.class);

    private final RulesLease lease;
    private final DynamoStateBackend fenced;
    private final Duration period;
    private final Clock clock;
    private final String me;
    private final Runnable onLost;
    private final CountDownLatch owned = new CountDownLatch(1);
    private volatile Holding holding;
    private volatile Instant renewedAt;
    private volatile Instant ownerSince;
    private volatile Runnable onTakeover; // null: nothing to warm
    private volatile boolean warm; // the takeover's warm-up ran: the session holds what the previous owner's did
    private ScheduledExecutorService heartbeat;
    /** Set once the heartbeat started: from then on this process takes part in the election. */
    private volatile boolean elected;

    private RulesOwnership(
            RulesLease lease, DynamoStateBackend fenced, Duration period, Clock clock, String me, Runnable onLost) {
        this.lease = lease;
        this.fenced = fenced;
        this.period = period;
        this.clock = clock;
        this.me = me;
        this.onLost = onLost;
    }

    /** The owner of the rules for {@code state}: always this process with files, a lease with DynamoDB. */
    public static RulesOwnership of(StateBackend state, Duration period, Runnable onLost) {
        if (period.toMillis() < 3000) {
            throw new IllegalArgumentException("riposte.state.lease-period must be at least 3s, got " + period);
        }
        if (state instanceof DynamoStateBackend d) {
            return new RulesOwnership(d.lease(), d, period, Clock.systemUTC(), replicaId(), onLost);
        }
        RulesOwnership alone = new RulesOwnership(null, null, period, Clock.systemUTC(), replicaId(), onLost);
        alone.ownerSince = Instant.now();
        alone.warm = true;
        alone.owned.countDown();
        return alone;
    }

    /** For tests: a lease with a chosen replica id. */
    static RulesOwnership on(DynamoStateBackend state, Duration period, String me, Runnable onLost) {
        return new RulesOwnership(state.lease(), state, period, Clock.systemUTC(), me, onLost);
    }

    static String replicaId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host");
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * {@code warmUp} runs each time this replica takes the rules over, before it counts as owner (consumes, ticks):
     * the rule session is rebuilt from the journal there. With files this process owns the rules from the start, and
     * its caller warms up itself.
     */
    public RulesOwnership onTakeover(Runnable warmUp) {
        this.onTakeover = warmUp;
        return this;
    }

    /** Starts the heartbeat (nothing to do with files). */
    public synchronized RulesOwnership start() {
        if (lease == null || heartbeat != null) {
            return this;
        }
        elected = true;
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riposte-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(500, period.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void beat() {
        try {
            Instant now = clock.instant();
            Holding h = holding;
            if (h == null) {
                Optional<Holding> got = lease.acquire(me, now, period);
                if (got.isPresent()) {
                    took(got.get(), now);
                }
                return;
            }
            Optional<Holding> renewed = lease.renew(h, now, period);
            if (renewed.isPresent()) {
                holding = renewed.get();
                renewedAt = now;
            } else {
                LOG.errorf(
                        "rules lease lost (version %d taken over by %s): stopping",
                        h.version(), lease.current().map(Holding::owner).orElse("nobody"));
                holding = null; // the fence stays on the lost version: every claim from here on is refused
                onLost.run();
            }
        } catch (RuntimeException e) {
            // DynamoDB unreachable or throttled: keep trying; owner() turns false on its own once the renewal is too
            // old
            LOG.warnf("rules lease heartbeat failed: %s", e.getMessage());
        }
    }

    private void took(Holding h, Instant now) {
        fenced.fenceWith(h);
        holding = h;
        renewedAt = now;
        ownerSince = now;
        LOG.infof("this replica (%s) now owns the rules (lease version %d)", me, h.version());
        // not on the heartbeat thread: a long warm-up must not hold up the renewals
        Runnable warmUp = onTakeover;
        if (warmUp == null) {
            warm = true;
            owned.countDown();
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        warmUp.run();
                    } catch (RuntimeException e) {
                        LOG.errorf(
                                "warm-up after the takeover failed, going on with an empty rule session: %s",
                                e.toString());
                    } finally {
                        warm = true;
                        owned.countDown();
                    }
                },
                "riposte-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** True while this replica may run rules and act (from the end of the takeover's warm-up). */
    public boolean owner() {
        if (lease == null) {
            return true;
        }
        Instant r = renewedAt;
        return warm
                && holding != null
                && r != null
                && clock.instant().isBefore(r.plus(period.minus(period.dividedBy(3))));
    }

    /**
     * True while this replica may still act or record a decision: {@link #owner()}, or, when its last renewal is older
     * than that allows (a slow heartbeat on a loaded host), the lease in the table still names it at its version (nobody
     * took it over, so nobody else acts; the commands themselves are held by their idempotency claims). False for a
     * replica that was paused or cut off while another took the lease over, even before its own heartbeat finds out:
     * its AWS calls and audit records are refused (the idempotency claims are fenced in the table already). The AWS
     * clients and the live pipeline ask it before every call and every record.
     */
    public boolean confirmed() {
        if (lease == null || owner()) {
            return true;
        }
        Holding h = holding;
        if (h == null) {
            return false;
        }
        try {
            return lease.current()
                    .filter(c -> c.owner().equals(h.owner()) && c.version() == h.version())
                    .isPresent();
        } catch (RuntimeException e) {
            return false; // cannot tell: do not act
        }
    }

    /**
     * The term of this replica's ownership, for the fleet's rate-limit budget: -1 while it does not own the rules, the
     * lease's version while it does (a new number with every takeover), 0 without a lease (files, or a command that does
     * not serve and so never takes part in the election).
     */
    public long term() {
        if (lease == null || !elected) {
            return 0;
        }
        Holding h = holding;
        return owner() && h != null ? h.version() : -1;
    }

    /** Blocks until this replica owns the rules. */
    public void awaitOwnership() throws InterruptedException {
        owned.await();
    }

    public String replica() {
        return me;
    }

    /** The lease period: how long a takeover can take at most after the owner died. */
    public Duration period() {
        return period;
    }

    /** The replica that holds the lease now (this one, or another), empty when nobody does. */
    public Optional<String> currentOwner() {
        if (lease == null) {
            return Optional.of(me);
        }
        Holding h = holding;
        if (h != null) {
            return Optional.of(h.owner());
        }
        try {
            return lease.current().filter(x -> x.validAt(clock.instant())).map(Holding::owner);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** When this replica took the rules over; null while standing by. */
    public Instant ownerSince() {
        return ownerSince;
    }

    /** Tests: the heartbeat stops as in a process that died or was paused (the lease is not given up). */
    synchronized void halt() {
        heartbeat.shutdownNow();
        heartbeat = null;
    }

    /** Tests: one heartbeat now, as a paused process does when it resumes. */
    void beatNow() {
        beat();
    }

    /** Stops the heartbeat and gives the lease up, so a standby takes over at once. */
    @Override
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
            Holding h = holding;
            holding = null;
            if (h != null) {
                try {
                    lease.release(h);
                } catch (RuntimeException e) {
                    LOG.warnf("cannot release the rules lease (it expires by itself): %s", e.getMessage());
                }
            }
        }
    }
}
