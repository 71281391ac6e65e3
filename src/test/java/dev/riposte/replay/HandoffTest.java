package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HandoffTest {

    @Test
    void everyItemReachesTheConsumerInOrderOnItsOwnThread() {
        List<Integer> seen = new ArrayList<>();
        AtomicReference<String> thread = new AtomicReference<>();
        int n = Handoff.BATCH * 50 + 7; // full batches and a partial one at the end
        try (Handoff<Integer> h = new Handoff<>("test-consumer", 2, i -> {
            seen.add(i);
            thread.set(Thread.currentThread().getName());
        })) {
            for (int i = 0; i < n; i++) {
                h.put(i);
            }
            h.finish();
        }
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(thread.get()).isEqualTo("test-consumer");
    }

    @Test
    void aConsumerFailureReachesTheProducerAndLaterItemsAreDropped() {
        List<Integer> seen = new ArrayList<>();
        Handoff<Integer> h = new Handoff<>("failing", 1, i -> {
            if (i == 3) {
                throw new IllegalArgumentException("bad item " + i);
            }
            seen.add(i);
        });
        try (h) {
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100_000; i++) {
                            h.put(i); // must not hang on the dead consumer: it throws once the failure is seen
                        }
                        h.finish();
                    })
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failing failed")
                    .hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasRootCauseMessage("bad item 3");
        }
        assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void aFailureInTheLastPartialBatchIsReportedByFinish() {
        Handoff<String> h = new Handoff<>("last", 4, s -> {
            throw new IllegalStateException("boom");
        });
        h.put("only");
        assertThatThrownBy(h::finish).hasRootCauseMessage("boom");
        h.close();
    }

    @Test
    void aSlowConsumerHoldsTheProducerBackInsteadOfQueueingWithoutBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Handoff<Integer> h = new Handoff<>("slow", 1, i -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < Handoff.BATCH * 10; i++) {
                    h.put(i);
                }
            });
            producer.start();
            producer.join(500);
            // one batch taken by the blocked consumer, one in the queue, one being built: the producer waits
            assertThat(producer.isAlive()).isTrue();
            release.countDown();
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();
            h.finish();
        }
    }

    @Test
    void closingWithoutFinishStopsTheConsumerThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> consumer = new AtomicReference<>();
        Handoff<Integer> h = new Handoff<>("abandoned", 1, i -> {
            consumer.set(Thread.currentThread());
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < Handoff.BATCH; i++) {
            h.put(i);
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        h.close();
        assertThat(consumer.get().isAlive()).isFalse();
        assertThatThrownBy(() -> h.put(1)).isInstanceOf(IllegalStateException.class);
    }
}
