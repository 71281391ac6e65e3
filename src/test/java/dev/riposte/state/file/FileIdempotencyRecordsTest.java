package dev.riposte.state.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.state.IdempotencyRecords.Entry;
import dev.riposte.state.IdempotencyRecords.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's lookups: answered from what is on disk, without waiting for the writers' lock. */
class FileIdempotencyRecordsTest {
    private static final Instant NOW = Instant.parse("2026-12-08T04:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aLookupDoesNotWaitWhileAWriterHoldsTheLock() throws Exception {
        FileIdempotencyRecords records = new FileIdempotencyRecords(dir);
        records.claim("a", NOW, MINUTE, DAY, false);
        records.complete("b", "succeeded", NOW, DAY);
        Future<Optional<Entry>> a;
        Future<Optional<Entry>> b;
        synchronized (records) { // as a writer does for its append and fsync
            // before the fix, get was synchronized too: these waited for the writer to finish
            a = pool.submit(() -> records.get("a", NOW));
            b = pool.submit(() -> records.get("b", NOW));
            assertThat(a.get(10, TimeUnit.SECONDS)).map(Entry::status).contains(Status.INPROGRESS);
            assertThat(b.get(10, TimeUnit.SECONDS)).map(Entry::outcome).contains("succeeded");
        }
        records.close();
    }

    @Test
    void lookupsSeeClaimsCompletionsReleasesAndExpiryAndTheFirstOneOpensTheFile() {
        FileIdempotencyRecords records = new FileIdempotencyRecords(dir);
        assertThat(records.claim("a", NOW, MINUTE, DAY, false).held()).isEmpty();
        assertThat(records.claim("a", NOW, MINUTE, DAY, false).held()).isPresent();
        records.complete("a", "succeeded", NOW, DAY);
        records.claim("r", NOW, MINUTE, DAY, false);
        records.release("r");
        assertThat(records.get("a", NOW)).map(Entry::status).contains(Status.COMPLETED);
        assertThat(records.get("r", NOW)).isEmpty();
        assertThat(records.claim("r", NOW, MINUTE, DAY, false).held())
                .as("released: may run again")
                .isEmpty();
        assertThat(records.get("a", NOW.plus(DAY).plusSeconds(1)))
                .as("past its retention")
                .isEmpty();
        records.close();

        // another process: its first lookup reads the file (the claim of "r" it finds there was interrupted)
        FileIdempotencyRecords reopened = new FileIdempotencyRecords(dir);
        assertThat(reopened.get("a", NOW)).map(Entry::outcome).contains("succeeded");
        Entry r = reopened.get("r", NOW).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.INPROGRESS);
        assertThat(r.interrupted(NOW)).isTrue();
        assertThat(reopened.size()).isEqualTo(2);
        reopened.close();
    }

    @Test
    void writersAppendWhileAnFsyncRunsAndOneFsyncForcesTheirLinesLookupsSeeOnlyWhatIsOnDisk() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        FileIdempotencyRecords records = new FileIdempotencyRecords(dir, o -> {
            if (forces.incrementAndGet() == 1) {
                forcing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // a slow disk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            o.getFD().sync();
        });
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            Future<?> a = writers.submit(() -> records.claim("a", NOW, MINUTE, DAY, false));
            assertThat(forcing.await(10, TimeUnit.SECONDS)).isTrue();
            // before group commit, these waited for the lock the first fsync was held under, unwritten
            Future<?> b = writers.submit(() -> records.claim("b", NOW, MINUTE, DAY, false));
            Future<?> c = writers.submit(() -> records.complete("c", "succeeded", NOW, DAY));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(lines().contains("\"b\"") && lines().contains("\"c\"")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lines()).contains("\"a\"").contains("\"b\"").contains("\"c\"");
            assertThat(records.get("b", NOW)).as("written, not yet on disk").isEmpty();
            assertThat(records.claim("b", NOW, MINUTE, DAY, false).held())
                    .as("a claim respects what is decided, on disk or not")
                    .map(Entry::status)
                    .contains(Status.INPROGRESS);
            assertThat(b).isNotDone();
            release.countDown();
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            c.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            writers.shutdownNow();
        }
        assertThat(forces)
                .as("the first fsync, then one for the lines appended meanwhile")
                .hasValue(2);
        assertThat(records.get("a", NOW)).map(Entry::status).contains(Status.INPROGRESS);
        assertThat(records.get("b", NOW)).map(Entry::status).contains(Status.INPROGRESS);
        assertThat(records.get("c", NOW)).map(Entry::outcome).contains("succeeded");
        records.close();
    }

    @Test
    void aWriteThatCannotBeForcedFailsAndDecidesNothing() {
        boolean[] fail = {false};
        FileIdempotencyRecords records = new FileIdempotencyRecords(dir, o -> {
            if (fail[0]) {
                throw new IOException("disk full");
            }
            o.getFD().sync();
        });
        records.claim("a", NOW, MINUTE, DAY, false);
        fail[0] = true;
        assertThatThrownBy(() -> records.claim("b", NOW, MINUTE, DAY, false))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot record b")
                .hasMessageContaining("disk full");
        assertThat(records.get("b", NOW)).isEmpty();
        fail[0] = false;
        assertThat(records.claim("b", NOW, MINUTE, DAY, false).held()).isEmpty();
        assertThat(records.get("b", NOW)).isPresent();
        records.close();
    }

    private String lines() throws IOException {
        return Files.readString(dir.resolve(FileIdempotencyRecords.FILE));
    }
}
