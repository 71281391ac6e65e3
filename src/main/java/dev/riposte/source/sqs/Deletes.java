package dev.riposte.source.sqs;

import dev.riposte.aws.sqs.QueueMessage;
import dev.riposte.aws.sqs.SqsQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Deletes finished messages in batches of up to 10 (one SQS call instead of ten) on a thread of its own:
 * while one batch call is under way the next one fills, so batching costs no added wait. A message that
 * is not deleted comes back after its visibility timeout, and its commands are then deduplicated.
 */
final class Deletes {
    private static final Logger LOG = Logger.getLogger(Deletes.class);
    private static final Pending STOP = new Pending(null, null);

    private record Pending(QueueMessage message, SqsConsumer.Disposition disposition) {}

    private final SqsQueue queue;
    private final BiConsumer<QueueMessage, SqsConsumer.Disposition> onDeleted;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread thread;

    Deletes(SqsQueue queue, BiConsumer<QueueMessage, SqsConsumer.Disposition> onDeleted, String name) {
        this.queue = queue;
        this.onDeleted = onDeleted;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void delete(QueueMessage m, SqsConsumer.Disposition d) {
        pending.add(new Pending(m, d));
    }

    /** Deletes what is pending, then stops. */
    void close() {
        pending.add(STOP);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(10);
        boolean stopping = false;
        while (!stopping) {
            batch.clear();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 9);
            List<QueueMessage> messages = new ArrayList<>(batch.size());
            List<SqsConsumer.Disposition> dispositions = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                if (p == STOP) {
                    stopping = true; // added after the last worker ended: nothing follows it
                } else {
                    messages.add(p.message());
                    dispositions.add(p.disposition());
                }
            }
            if (!messages.isEmpty()) {
                send(messages, dispositions);
            }
        }
    }

    private void send(List<QueueMessage> messages, List<SqsConsumer.Disposition> dispositions) {
        Map<QueueMessage, String> failed;
        try {
            failed = queue.deleteBatch(messages);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "%d SQS messages processed but not deleted (they will be redelivered): %s",
                    messages.size(), e.getMessage());
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            QueueMessage m = messages.get(i);
            String why = failed.get(m);
            if (why == null) {
                onDeleted.accept(m, dispositions.get(i));
            } else {
                LOG.warnf("SQS message %s processed but not deleted (it will be redelivered): %s", m.id(), why);
            }
        }
    }
}
