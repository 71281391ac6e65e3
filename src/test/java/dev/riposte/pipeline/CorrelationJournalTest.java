package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.state.Journal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The journal's group commit: taking an entry in does no I/O, entries are written in the order taken in, in batches. */
class CorrelationJournalTest {
    static final Duration KEEP = Duration.ofHours(1);

    /** A journal in memory whose first append waits for {@code open}, recording every call's entries. */
    static final class Slow implements Journal {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<List<Entry>> calls = new ArrayList<>();

        @Override
        public void append(Entry entry, Duration keep) {
            append(List.of(entry), keep);
        }

        @Override
        public void append(List<Entry> entries, Duration keep) {
            entered.countDown();
            try {
                if (!open.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never opened");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            synchronized (calls) {
                calls.add(List.copyOf(entries));
            }
        }

        @Override
        public List<Entry> read(Instant from, int limit) {
            synchronized (calls) {
                return calls.stream().flatMap(List::stream).toList();
            }
        }

        @Override
        public void trim(Instant before, int limit) {}

        @Override
        public String describe() {
            return "memory";
        }
    }

    private static SecurityEvent event(int n) {
        return Events.tor(n, Events.ACCOUNT, Map.of());
    }

    @Test
    void eventsTakenInWhileTheStoreIsSlowAreWrittenInTheirOrderInOneBatch() throws Exception {
        Slow store = new Slow();
        CorrelationJournal journal = new CorrelationJournal(store, Clock.systemUTC(), 1000);
        Object session = new Object(); // the rule session's lock: tickets are taken under it, in its order
        long now = System.currentTimeMillis();
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> waits = new ArrayList<>();
            long first;
            synchronized (session) {
                first = journal.take(now, event(0), List.of(), KEEP);
            }
            waits.add(workers.submit(() -> journal.written(first))); // this one writes event 0, blocked by the store
            assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 6; i++) {
                long ticket;
                synchronized (session) { // never waits for the store
                    ticket = journal.take(now + i, event(i), List.of(), KEEP);
                }
                waits.add(workers.submit(() -> journal.written(ticket)));
            }
            Thread.sleep(300); // the five queue up behind the first batch
            store.open.countDown();
            for (Future<?> w : waits) {
                w.get(10, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdown();
        }
        assertThat(store.calls)
                .as("the first entry alone, then the five that queued meanwhile together")
                .hasSize(2);
        assertThat(store.calls.get(1)).hasSize(5);
        CorrelationJournal.Replay replay = journal.replay(KEEP);
        assertThat(replay.events())
                .extracting(t -> t.fact().event().id())
                .containsExactly("evt-0", "evt-1", "evt-2", "evt-3", "evt-4", "evt-5");
    }

    @Test
    void aWarmUpWritesWhatIsQueuedBeforeItReads() {
        Slow store = new Slow();
        store.open.countDown();
        CorrelationJournal journal = new CorrelationJournal(store, Clock.systemUTC(), 1000);
        journal.take(System.currentTimeMillis(), event(1), List.of(), KEEP); // its worker has not waited yet
        assertThat(journal.replay(KEEP).events())
                .extracting(t -> t.fact().event().id())
                .containsExactly("evt-1");
        assertThat(journal.failures()).isZero();
    }
}
