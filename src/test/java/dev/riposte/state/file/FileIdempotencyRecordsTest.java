package dev.riposte.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.state.IdempotencyRecords.Entry;
import dev.riposte.state.IdempotencyRecords.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
}
