package dev.riposte.replay;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands items from one thread to a consumer running on its own thread, in the order they were handed in:
 * replay runs the rule session on the merging thread and dispatch, audit and counting here, so both cores
 * work. Items travel in batches (one queue operation per {@link #BATCH} items, not per item) through a
 * bounded queue, so a slow consumer holds the producer back instead of filling the heap.
 *
 * <p>A consumer that throws stops the handoff: the failure is rethrown to the producer by the next
 * {@link #put} or by {@link #finish}, and later items are dropped. Not thread-safe on the producer side:
 * one producer thread.
 */
final class Handoff<T> implements AutoCloseable {
    static final int BATCH = 64;
    private static final List<Object> END = List.of();

    private final BlockingQueue<List<Object>> queue;
    private final Consumer<T> consumer;
    private final Thread thread;
    private List<Object> batch = new ArrayList<>(BATCH);
    private volatile Throwable failure;
    private volatile long cpuNanos;
    private boolean finished;

    /** @param capacity batches in flight before {@link #put} waits */
    Handoff(String name, int capacity, Consumer<T> consumer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.consumer = consumer;
        this.thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code item} for the consumer; waits while the queue is full. */
    void put(T item) {
        if (finished) {
            throw new IllegalStateException("handoff already finished");
        }
        rethrow();
        batch.add(item);
        if (batch.size() >= BATCH) {
            send(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    /** Waits until the consumer has taken every item; rethrows its failure, if any. */
    void finish() {
        if (!finished) {
            finished = true;
            if (!batch.isEmpty()) {
                send(batch);
            }
            send(END);
            join();
        }
        rethrow();
    }

    /** CPU time the consumer thread used, known after {@link #finish} (for the benchmark's account). */
    long cpuNanos() {
        return cpuNanos;
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        try {
            while (true) {
                List<Object> b = queue.take();
                if (b == END) {
                    cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    return;
                }
                if (failure != null) {
                    continue; // keep taking so the producer never waits on a dead consumer
                }
                try {
                    for (Object o : b) {
                        consumer.accept((T) o);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed without finish(): the producer gave up
        }
    }

    private void send(List<Object> b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing items to " + thread.getName(), e);
        }
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(thread.getName() + " failed: " + t, t);
        }
    }

    /** Stops the consumer thread without waiting for queued items (an abandoned replay); after {@link #finish}, nothing to do. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
