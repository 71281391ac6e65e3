package dev.riposte.source.sqs;

import dev.riposte.aws.sqs.QueueAttributes;
import dev.riposte.aws.sqs.QueueMessage;
import dev.riposte.aws.sqs.SqsQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Long-polls one SQS queue and hands each message to a {@link Handler} on a pool of
 * {@code riposte.sqs.concurrency} workers.
 *
 * <ul>
 * <li>A message is deleted only after its handler returned, that is after its decisions are in the audit log
 *     (in batches: {@link Deletes}).</li>
 * <li>A handler failure makes the message visible again after a delay that doubles with each receive
 *     ({@code riposte.sqs.retry.*}); past the queue's {@code maxReceiveCount} SQS moves it to the dead-letter queue.</li>
 * <li>A message whose commands were held back by the rate limits ({@link Disposition#DEFERRED}) is not deleted either:
 *     it comes back after the same delay, and idempotency keeps what was already carried out from running twice.</li>
 * <li>While a message is being handled its visibility is extended before it runs out, so no other consumer
 *     receives it meanwhile, however long the actions take.</li>
 * <li>At most {@code concurrency} messages are held at once: the poller asks only for as many as there are
 *     free workers, so no received message waits in a buffer.</li>
 * <li>A failed receive (SQS unreachable) is retried with a short backoff, forever: consumption resumes when SQS
 *     is back, without a restart. {@link #status()} tells the health check.</li>
 * <li>{@link #stop()} stops receiving, lets in-flight messages finish for the grace period, then interrupts
 *     them and makes every message not finished visible again: nothing half-done is deleted.</li>
 * </ul>
 */
final class SqsConsumer {
    private static final Logger LOG = Logger.getLogger(SqsConsumer.class);
    private static final long MAX_RECEIVE_BACKOFF_MS = 5_000;
    /** SQS's own default, used when neither the settings nor the queue (unreachable at start) say. */
    private static final int DEFAULT_VISIBILITY = 30;

    /** PROCESSED, QUARANTINED: finished, deleted. DEFERRED: a command was rate-limited; the message comes back later. */
    enum Disposition {
        PROCESSED,
        QUARANTINED,
        DEFERRED
    }

    /** Processes one message; returns once its decisions are recorded, throws to have it retried later. */
    interface Handler {
        Disposition handle(QueueMessage message) throws Exception;
    }

    /** For the health check: whether the last call to SQS worked. */
    record Status(boolean connected, String lastError, Instant since, int inFlight) {}

    private static final class InFlight {
        final QueueMessage message;
        volatile long visibleAtNanos;

        InFlight(QueueMessage message, long visibleAtNanos) {
            this.message = message;
            this.visibleAtNanos = visibleAtNanos;
        }
    }

    private final SqsQueue queue;
    private final Handler handler;
    private final SqsSettings settings;
    private final SqsMetrics metrics;
    private final Semaphore permits;
    private final BooleanSupplier mayConsume;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile int visibility;
    private volatile Status status = new Status(false, "not started", Instant.now(), 0);
    private volatile Thread poller;
    private ExecutorService workers;
    private volatile ScheduledExecutorService heartbeat;
    private Deletes deletes;

    SqsConsumer(SqsQueue queue, Handler handler, SqsSettings settings, MeterRegistry registry) {
        this(queue, handler, settings, registry, () -> true);
    }

    /** @param mayConsume asked before every receive: while false nothing is received (the messages stay on the queue) */
    SqsConsumer(
            SqsQueue queue, Handler handler, SqsSettings settings, MeterRegistry registry, BooleanSupplier mayConsume) {
        this.mayConsume = mayConsume;
        this.queue = queue;
        this.handler = handler;
        this.settings = settings;
        this.permits = new Semaphore(settings.concurrency());
        this.metrics = new SqsMetrics(registry, inFlight::size);
    }

    synchronized void start() {
        if (running) {
            return;
        }
        Optional<QueueAttributes> attributes = probe();
        visibility = settings.visibilityTimeout()
                .orElse(attributes
                        .map(QueueAttributes::visibilityTimeoutSeconds)
                        .orElse(DEFAULT_VISIBILITY));
        workers = Executors.newFixedThreadPool(settings.concurrency(), threads("riposte-sqs-worker-"));
        heartbeat = Executors.newSingleThreadScheduledExecutor(threads("riposte-sqs-visibility-"));
        long tick = Math.max(100, Math.min(5_000, visibility * 1000L / 4));
        heartbeat.scheduleWithFixedDelay(this::extendVisibility, tick, tick, TimeUnit.MILLISECONDS);
        deletes = new Deletes(queue, this::deleted, "riposte-sqs-deletes");
        running = true;
        poller = threads("riposte-sqs-poller-").newThread(this::poll);
        poller.start();
        LOG.infof(
                "consuming SQS queue %s: %d workers, visibility timeout %d s, long polling %d s",
                describe(), settings.concurrency(), visibility, settings.waitTimeSeconds());
    }

    Status status() {
        Status s = status;
        return new Status(s.connected(), s.lastError(), s.since(), inFlight.size());
    }

    /**
     * Reads the queue's attributes once, so that health is right from the start (a long poll may take 20 s
     * to say anything) and a missing queue or wrong permissions show at once in the log.
     */
    private Optional<QueueAttributes> probe() {
        try {
            QueueAttributes a = queue.attributes();
            status = new Status(true, null, Instant.now(), 0);
            if (a.maxReceiveCount() == 0) {
                LOG.warnf(
                        "SQS queue %s has no redrive policy: a message that keeps failing is retried until it expires;"
                                + " give it a dead-letter queue",
                        describe());
            }
            return Optional.of(a);
        } catch (RuntimeException e) {
            status = new Status(false, e.getMessage(), Instant.now(), 0);
            LOG.warnf("cannot read the attributes of SQS queue (%s); consuming anyway, retrying", e.getMessage());
            return Optional.empty();
        }
    }

    private String describe() {
        try {
            return queue.url();
        } catch (RuntimeException e) {
            return "(unresolved queue)";
        }
    }

    private void poll() {
        long backoff = 500;
        boolean paused = false;
        while (running) {
            if (!mayConsume.getAsBoolean()) {
                // this replica cannot confirm it owns the rules (its lease is not renewed): deciding nothing beats
                // deciding
                // without the shared state, so it takes nothing from the queue until it can
                if (!paused) {
                    LOG.warnf(
                            "not consuming SQS queue %s: this replica does not own the rules now (rules lease not renewed);"
                                    + " messages stay on the queue",
                            describe());
                    paused = true;
                }
                if (!sleep(250)) {
                    break;
                }
                continue;
            }
            if (paused) {
                LOG.infof("consuming SQS queue %s again: this replica owns the rules", describe());
                paused = false;
            }
            int wanted;
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                break;
            }
            wanted = 1;
            while (wanted < settings.maxMessages() && permits.tryAcquire()) {
                wanted++;
            }
            long sentAt = System.nanoTime();
            List<QueueMessage> received;
            try {
                received = queue.receive(wanted, settings.waitTimeSeconds(), visibility);
                if (!status.connected()) {
                    LOG.infof("SQS queue %s reachable", describe());
                    status = new Status(true, null, Instant.now(), 0);
                }
                backoff = 500;
            } catch (RuntimeException e) {
                permits.release(wanted);
                if (!running) {
                    break;
                }
                metrics.receiveErrors.increment();
                if (status.connected()
                        || status.lastError() == null
                        || !status.lastError().equals(e.getMessage())) {
                    LOG.warnf("SQS receive failed, retrying in %d ms: %s", backoff, e.getMessage());
                    status = new Status(false, e.getMessage(), Instant.now(), 0);
                }
                if (!sleep(backoff)) {
                    break;
                }
                backoff = Math.min(backoff * 2, MAX_RECEIVE_BACKOFF_MS);
                continue;
            }
            permits.release(wanted - received.size());
            if (!received.isEmpty() && !mayConsume.getAsBoolean()) {
                // the ownership lapsed during the long poll: hand them straight back, undecided
                received.forEach(this::release);
                permits.release(received.size());
                continue;
            }
            for (QueueMessage m : received) {
                metrics.received.increment();
                InFlight f = new InFlight(m, sentAt + TimeUnit.SECONDS.toNanos(visibility));
                inFlight.put(m.receiptHandle(), f);
                try {
                    workers.execute(() -> work(f));
                } catch (RejectedExecutionException e) {
                    inFlight.remove(m.receiptHandle());
                    release(m);
                    permits.release();
                }
            }
        }
    }

    private void work(InFlight f) {
        QueueMessage m = f.message;
        try {
            Disposition d = handler.handle(m);
            if (Thread.currentThread().isInterrupted()) {
                // stopped by force in the middle: what was decided is audited, but finish it on the next delivery
                release(m);
                return;
            }
            if (d == Disposition.DEFERRED) {
                defer(m);
                return;
            }
            inFlight.remove(m.receiptHandle());
            deletes.delete(m, d);
        } catch (InterruptedException e) {
            release(m);
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                release(m); // stopped by force: not a failure of the message
                return;
            }
            metrics.failed.increment();
            int delay = settings.retryDelaySeconds(m.receiveCount());
            LOG.warnf("SQS message %s failed on receive %d, retrying in %d s: %s", m.id(), m.receiveCount(), delay, e);
            hide(m, delay);
        } finally {
            inFlight.remove(m.receiptHandle());
            permits.release();
        }
    }

    /** Hides a message whose commands were rate-limited until the limits have had time to refill. */
    private void defer(QueueMessage m) {
        metrics.deferred.increment();
        int delay = settings.retryDelaySeconds(m.receiveCount());
        LOG.infof(
                "SQS message %s deferred by the rate limits on receive %d, back in %d s",
                m.id(), m.receiveCount(), delay);
        hide(m, delay);
    }

    /** Hides {@code m} for {@code seconds}; if that fails it only comes back sooner, after its visibility timeout. */
    private void hide(QueueMessage m, int seconds) {
        try {
            queue.changeVisibility(m, seconds);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "cannot delay SQS message %s (it comes back after its visibility timeout): %s",
                    m.id(), e.getMessage());
        }
    }

    /** Told by {@link Deletes} once a finished message is gone from the queue. */
    private void deleted(QueueMessage m, Disposition d) {
        (d == Disposition.QUARANTINED ? metrics.quarantined : metrics.processed).increment();
        if (m.sentAt() != null) {
            metrics.latency(Duration.between(m.sentAt(), Instant.now()));
        }
    }

    /** Makes a message visible again at once, for another consumer or this one after a restart. */
    private void release(QueueMessage m) {
        boolean interrupted = Thread.interrupted(); // the SDK refuses to call on an interrupted thread
        try {
            queue.changeVisibility(m, 0);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "cannot release SQS message %s (it comes back after its visibility timeout): %s",
                    m.id(), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Pushes back the visibility of every message that is still being handled, before it runs out. */
    private void extendVisibility() {
        long now = System.nanoTime();
        long margin = TimeUnit.SECONDS.toNanos(visibility) / 2;
        for (InFlight f : inFlight.values()) {
            if (f.visibleAtNanos - now > margin) {
                continue;
            }
            try {
                queue.changeVisibility(f.message, visibility);
                f.visibleAtNanos = now + TimeUnit.SECONDS.toNanos(visibility);
                metrics.visibilityExtended.increment();
            } catch (RuntimeException e) {
                if (inFlight.containsKey(f.message.receiptHandle())) {
                    LOG.warnf("cannot extend the visibility of SQS message %s: %s", f.message.id(), e.getMessage());
                }
            }
        }
    }

    /** Stops receiving, lets in-flight messages finish within the grace period, releases the rest. */
    void stop() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        poller.interrupt();
        join(poller);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf(
                        "%d SQS messages still in flight after %s: interrupting and releasing them",
                        inFlight.size(), settings.shutdownGrace());
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        deletes.close();
        for (InFlight f : inFlight.values()) {
            release(f.message);
        }
        heartbeat.shutdownNow();
        status = new Status(false, "stopped", Instant.now(), 0);
        LOG.infof("SQS consumer stopped");
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
