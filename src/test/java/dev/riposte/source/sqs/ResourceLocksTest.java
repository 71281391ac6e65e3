package dev.riposte.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResourceLocksTest {

    @Test
    void anEventWaitsForAnotherAboutTheSameResource() throws Exception {
        ResourceLocks locks = new ResourceLocks(64);
        ResourceLocks.Held first = locks.lock(List.of("arn:a", "arn:b"));
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean got = new AtomicBoolean();
        Thread other = new Thread(() -> {
            try (ResourceLocks.Held h = locks.lock(Set.of("arn:b"))) {
                got.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        other.start();
        assertThat(done.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(got).isFalse();
        first.close();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got).isTrue();
    }

    @Test
    void eventsWithoutResourcesAndUnrelatedOnesDoNotWait() throws Exception {
        ResourceLocks locks = new ResourceLocks(1 << 16);
        try (ResourceLocks.Held a = locks.lock(List.of("arn:a"));
                ResourceLocks.Held none = locks.lock(List.of())) {
            Thread t = new Thread(() -> {
                try (ResourceLocks.Held c = locks.lock(List.of("arn:c"))) {
                    // got it while arn:a is held
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            t.join(5000);
            assertThat(t.isAlive()).isFalse();
        }
    }
}
