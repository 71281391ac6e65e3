package dev.riposte.aws.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The client cache: one client per (service, account, region), built once, and a slow build holds up only its key. */
class AwsClientsCacheTest {
    private final AwsClients clients = new AwsClients(
            new AwsClients.Settings("us-east-1", URI.create("http://127.0.0.1:9"), null, null),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() {
        pool.shutdownNow();
        clients.close();
    }

    private static ActionContext in(String account) {
        return new ActionContext(ActionCommand.of("test:read", "i-1"), null, account, "eu-west-1");
    }

    @Test
    void concurrentCallersOfOneKeyShareOneClientBuiltOnce() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Ec2Client>> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            got.add(pool.submit(() -> {
                go.await();
                return clients.client("ec2", in("111122223333"), () -> {
                    builds.incrementAndGet();
                    sleep(50); // a slow first build: the others arrive meanwhile
                    return Ec2Client.builder();
                });
            }));
        }
        go.countDown();
        Ec2Client first = got.get(0).get(30, TimeUnit.SECONDS);
        for (Future<Ec2Client> f : got) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(builds).hasValue(1);
        assertThat(clients.client("ec2", in("444455556666"), Ec2Client::builder))
                .isNotSameAs(first);
    }

    @Test
    void aSlowBuildDoesNotHoldUpAnotherKeyEvenInTheSameBinOfTheMap() throws Exception {
        String slow = "111122223333";
        String other = sameBin(slow);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Ec2Client> first = pool.submit(() -> clients.client("ec2", in(slow), () -> {
            building.countDown();
            await(release);
            return Ec2Client.builder();
        }));
        assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            // before the fix this waited for the slow build: it was made inside the map's computeIfAbsent
            Future<Ec2Client> second = pool.submit(() -> clients.client("ec2", in(other), Ec2Client::builder));
            assertThat(second.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(first).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(first.get(30, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aBuildThatFailsIsTriedAgainByTheNextCaller() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> clients.client("ec2", in("111122223333"), () -> {
                    tries.incrementAndGet();
                    throw new IllegalStateException("no endpoint rules");
                }))
                .hasMessage("no endpoint rules");
        Ec2Client c = clients.client("ec2", in("111122223333"), () -> {
            tries.incrementAndGet();
            return Ec2Client.builder();
        });
        assertThat(c).isSameAs(clients.client("ec2", in("111122223333"), Ec2Client::builder));
        assertThat(tries).hasValue(2);
    }

    /**
     * An account whose cache key lands in the same bin of a ConcurrentHashMap as {@code account}'s (the low 16 bits of
     * the spread hash agree, so in any table of up to 65,536 bins): where a build inside computeIfAbsent blocks others.
     */
    private static String sameBin(String account) {
        int want = spread(key(account)) & 0xFFFF;
        for (long a = 100000000000L; ; a++) {
            String candidate = Long.toString(a);
            if (!candidate.equals(account) && (spread(key(candidate)) & 0xFFFF) == want) {
                return candidate;
            }
        }
    }

    private static String key(String account) {
        return "ec2|" + account + "|eu-west-1";
    }

    private static int spread(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & 0x7fffffff;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
