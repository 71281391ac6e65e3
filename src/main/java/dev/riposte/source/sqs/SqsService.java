package dev.riposte.source.sqs;

import dev.riposte.aws.sqs.SqsQueue;
import dev.riposte.aws.sqs.SqsQueues;
import dev.riposte.config.RiposteConfig;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.RulesOwnership;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The SQS side of {@code riposte serve}: when a queue is configured ({@code mp.messaging.incoming.events.queue}
 * or {@code .queue.url}) and the channel is not switched off, consumes it into the live pipeline, which it
 * shares with {@code POST /events}. Without a queue nothing is created and no AWS call is made. Public:
 * {@code serve} starts it after the pipeline.
 */
@ApplicationScoped
public class SqsService {
    private static final Logger LOG = Logger.getLogger(SqsService.class);
    /** Many more stripes than workers: unrelated resources rarely share one. */
    private static final int LOCK_STRIPES = 1024;

    @Inject
    LiveService live;

    @Inject
    Components components;

    @Inject
    MeterRegistry registry;

    @Inject
    SqsChannel channel;

    @Inject
    RiposteConfig config;

    private volatile SqsQueue queue;
    private SqsConsumer consumer;
    private volatile boolean standingBy; // the consumer waits for this replica to own the rules

    /** Starts consuming when a queue is configured; a no-op otherwise. Bad settings fail with the key at fault. */
    public synchronized void start() {
        if (consumer != null) {
            return;
        }
        SqsSettings s = SqsSettings.of(channel, config);
        if (!s.active()) {
            LOG.infof(
                    "SQS consumer off: %s",
                    s.enabled()
                            ? "no queue configured (" + SqsSettings.PREFIX + "queue)"
                            : SqsSettings.PREFIX + "enabled=false");
            return;
        }
        live.start();
        queue = SqsQueues.connect(s.endpoint().orElseThrow());
        EventHandler handler = new EventHandler(
                live::pipeline,
                components.normalizer(),
                components.json(),
                new Quarantine(s.quarantineFile()),
                new ResourceLocks(LOCK_STRIPES));
        RulesOwnership ownership = live.ownership();
        SqsConsumer c = new SqsConsumer(queue, handler, s, registry, ownership::owner);
        if (ownership.owner()) {
            consumer = c;
            c.start();
            return;
        }
        standingBy = true; // before the consumer shows: a standby is ready, not a consumer that failed to start
        consumer = c;
        // a standby consumes nothing: the owner needs every event, in order, in its one rule session
        LOG.infof(
                "standing by: %s owns the rules; consuming once this replica (%s) takes them over",
                ownership.currentOwner().orElse("nobody yet"), ownership.replica());
        Thread waiter = new Thread(
                () -> {
                    try {
                        ownership.awaitOwnership();
                        synchronized (this) {
                            if (consumer == c) {
                                c.start();
                                standingBy = false;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "riposte-standby");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** True while this replica stands by: its consumer starts once the replica owns the rules. */
    boolean standingBy() {
        return standingBy;
    }

    /** Empty when no consumer runs. */
    Optional<SqsConsumer.Status> status() {
        SqsConsumer c = consumer;
        return c == null ? Optional.empty() : Optional.of(c.status());
    }

    /** SIGTERM: stop receiving and settle in-flight messages before the pipeline and audit log close. */
    void stop(@Observes @Priority(1000) ShutdownEvent ev) {
        SqsConsumer c;
        synchronized (this) {
            c = consumer;
            consumer = null;
            standingBy = false;
        }
        if (c != null) {
            c.stop();
            queue.close();
        }
    }
}
