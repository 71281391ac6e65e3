package dev.riposte.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.Throttle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final String A = "111122223333";
    private static final String B = "444455556666";
    private final FakeTicker ticker = new FakeTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RateLimiter limiter(String maxWait, String action, String operations) {
        return new RateLimiter(RateLimitSettings.parse(true, maxWait, action, "", operations), ticker, registry);
    }

    private static List<AwsRequest> calls(String... serviceOps) {
        return Arrays.stream(serviceOps)
                .map(s -> new AwsRequest(s.split(":")[0], s.split(":")[1], Map.of()))
                .toList();
    }

    @Test
    void theMetricsAreThereAtZeroBeforeAnythingWaits() {
        limiter("5s", "2/1s burst=3", "");
        for (String kind : List.of("action", "operation")) {
            assertThat(registry.get("riposte.rate.limit.waits")
                            .tag("kind", kind)
                            .counter()
                            .count())
                    .isZero();
            assertThat(registry.get("riposte.rate.limited")
                            .tag("kind", kind)
                            .counter()
                            .count())
                    .isZero();
            assertThat(registry.get("riposte.rate.limit.wait")
                            .tag("kind", kind)
                            .timer()
                            .count())
                    .isZero();
        }
    }

    @Test
    void aCallerWithinTheBurstGoesOnAtOnce() {
        RateLimiter l = limiter("5s", "2/1s burst=3", "");
        for (int i = 0; i < 3; i++) {
            assertThat(l.acquire("ec2:stop-instance", A, "us-east-1", calls("ec2:StopInstances")))
                    .isEqualTo(Throttle.Permit.FREE);
        }
        assertThat(ticker.slept).isEmpty();
        assertThat(l.actionTokens("ec2:stop-instance")).isZero();
    }

    @Test
    void anEmptyBucketHoldsTheCallerBackUntilItsTokenComesThenLetsItGo() {
        RateLimiter l = limiter("5s", "2/1s burst=2", "");
        l.acquire("ec2:stop-instance", A, "us-east-1", List.of());
        l.acquire("ec2:stop-instance", A, "us-east-1", List.of());
        Throttle.Permit third = l.acquire("ec2:stop-instance", A, "us-east-1", List.of());
        assertThat(third.granted()).isTrue();
        assertThat(third.waitedMs()).isEqualTo(500); // 2 a second
        assertThat(ticker.slept).containsExactly(TimeUnit.MILLISECONDS.toNanos(500));
        Throttle.Permit fourth = l.acquire("ec2:stop-instance", A, "us-east-1", List.of());
        assertThat(fourth.waitedMs()).isEqualTo(500);
        assertThat(registry.get("riposte.rate.limit.waits")
                        .tag("kind", "action")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("riposte.rate.limit.wait")
                        .tag("kind", "action")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(1000);
    }

    @Test
    void waitersAreServedInTurnBecauseEachReservesItsToken() {
        // time does not move while they sleep: as if the callers asked side by side at one instant
        FakeTicker frozen = new FakeTicker() {
            @Override
            public void sleep(long nanos) {
                slept.add(nanos);
            }
        };
        RateLimiter shared = new RateLimiter(RateLimitSettings.parse(true, "5s", "1/1s burst=1", "", ""), frozen, null);
        shared.acquire("x:y", A, "us-east-1", List.of());
        assertThat(shared.acquire("x:y", A, "us-east-1", List.of()).waitedMs()).isEqualTo(1000);
        assertThat(shared.acquire("x:y", A, "us-east-1", List.of()).waitedMs()).isEqualTo(2000);
    }

    @Test
    void aCallerThatWouldWaitLongerThanMaxWaitTakesNothingAndIsTurnedAwayAtOnce() {
        RateLimiter l = limiter("1s", "10/1s burst=10", "ec2:CreateTags=1/10s burst=1");
        assertThat(l.acquire("ec2:tag-resource", A, "us-east-1", calls("ec2:CreateTags"))
                        .granted())
                .isTrue();
        Throttle.Permit refused = l.acquire("ec2:tag-resource", A, "us-east-1", calls("ec2:CreateTags"));
        assertThat(refused.granted()).isFalse();
        assertThat(refused.waitedMs()).isZero();
        assertThat(refused.reason())
                .contains("operation " + A + " us-east-1 ec2:CreateTags")
                .contains("10s")
                .contains("riposte.rate-limit.max-wait")
                .contains("deferred");
        assertThat(ticker.slept).isEmpty();
        // all or nothing: the action bucket did not pay for the refused call
        assertThat(l.actionTokens("ec2:tag-resource")).isEqualTo(9.0);
        assertThat(registry.get("riposte.rate.limited")
                        .tag("kind", "operation")
                        .counter()
                        .count())
                .isEqualTo(1);
        // once the bucket has refilled the same call goes through
        ticker.advance(10, TimeUnit.SECONDS);
        assertThat(l.acquire("ec2:tag-resource", A, "us-east-1", calls("ec2:CreateTags"))
                        .granted())
                .isTrue();
    }

    @Test
    void operationBucketsAreKeptPerAccountAndRegion() {
        RateLimiter l = limiter("0s", "100/1s burst=100", "ec2:CreateTags=1/1m burst=1");
        assertThat(l.acquire(null, A, "us-east-1", calls("ec2:CreateTags")).granted())
                .isTrue();
        assertThat(l.acquire(null, A, "us-east-1", calls("ec2:CreateTags")).granted())
                .isFalse();
        // another account, another region, another operation: not slowed at all
        assertThat(l.acquire(null, B, "us-east-1", calls("ec2:CreateTags"))).isEqualTo(Throttle.Permit.FREE);
        assertThat(l.acquire(null, A, "eu-west-1", calls("ec2:CreateTags"))).isEqualTo(Throttle.Permit.FREE);
        assertThat(l.acquire(null, A, "us-east-1", calls("ec2:DeleteTags"))).isEqualTo(Throttle.Permit.FREE);
        assertThat(ticker.slept).isEmpty();
    }

    @Test
    void iamIsOneBucketPerAccountWhateverTheRegion() {
        RateLimiter l = limiter("0s", "100/1s burst=100", "iam:*=1/1m burst=1");
        assertThat(l.acquire(null, A, "us-east-1", calls("iam:UpdateAccessKey")).granted())
                .isTrue();
        assertThat(l.acquire(null, A, "eu-west-1", calls("iam:UpdateAccessKey")).granted())
                .isFalse();
        assertThat(l.acquire(null, B, "eu-west-1", calls("iam:UpdateAccessKey")).granted())
                .isTrue();
    }

    @Test
    void eachCallOfAPlanTakesItsOwnTokenAndOffOperationsTakeNone() {
        RateLimiter l = limiter("0s", "100/1s burst=100", "ec2:ModifyNetworkInterfaceAttribute=1/1m burst=2");
        assertThat(l.acquire(
                                "ec2:isolate-instance",
                                A,
                                "us-east-1",
                                calls(
                                        "ec2:ModifyNetworkInterfaceAttribute",
                                        "ec2:ModifyNetworkInterfaceAttribute",
                                        "log:Write"))
                        .granted())
                .isTrue();
        assertThat(l.acquire(null, A, "us-east-1", calls("ec2:ModifyNetworkInterfaceAttribute"))
                        .granted())
                .isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(l.acquire(null, A, "us-east-1", calls("log:Write"))).isEqualTo(Throttle.Permit.FREE);
        }
    }

    @Test
    void riposteOwnLogNotificationTakesNoActionTokenUnlessItsActionIsGivenALimit() {
        // a storm of findings logs a notification for each: a log line protects no AWS bucket, so it must not queue the
        // event path behind the action default (2/1s), nor defer the event
        RateLimiter l = limiter("0s", "2/1s burst=2", "");
        for (int i = 0; i < 100; i++) {
            assertThat(l.acquire("notify:log", A, "us-east-1", calls("log:Write")))
                    .isEqualTo(Throttle.Permit.FREE);
        }
        assertThat(ticker.slept).isEmpty();
        // an action that calls AWS still takes the default's tokens, also with no request in its plan
        assertThat(l.acquire("ec2:stop-instance", A, "us-east-1", List.of()).granted())
                .isTrue();
        assertThat(l.acquire("ec2:stop-instance", A, "us-east-1", List.of()).granted())
                .isTrue();
        assertThat(l.acquire("ec2:stop-instance", A, "us-east-1", List.of()).granted())
                .isFalse();
        // a limit given to notify:log itself applies
        RateLimiter own = new RateLimiter(
                RateLimitSettings.parse(true, "0s", "2/1s burst=2", "notify:log=1/1m burst=1", ""), ticker, registry);
        assertThat(own.acquire("notify:log", A, "us-east-1", calls("log:Write")).granted())
                .isTrue();
        assertThat(own.acquire("notify:log", A, "us-east-1", calls("log:Write")).granted())
                .isFalse();
    }

    @Test
    void anInterruptedWaitIsNotAGrant() {
        Ticker t = new Ticker() {
            @Override
            public long nanos() {
                return 0;
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        RateLimiter l = new RateLimiter(RateLimitSettings.parse(true, "5s", "1/1s burst=1", "", ""), t, null);
        l.acquire("x:y", A, "us-east-1", List.of());
        try {
            Throttle.Permit p = l.acquire("x:y", A, "us-east-1", List.of());
            assertThat(p.granted()).isFalse();
            assertThat(p.reason()).contains("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void onTheTimelineAWaitPastMaxWaitIsGrantedForLaterAndTheLiveBucketsAreNotTouched() {
        RateLimiter live = limiter("5s", "1/1m burst=1", "");
        long[] eventNanos = {TimeUnit.SECONDS.toNanos(1_714_564_800L)}; // 2024-05-01T12:00:00Z
        Throttle timeline = live.onTimeline(() -> eventNanos[0]);

        assertThat(timeline.acquire("ec2:isolate-instance", A, "us-east-1", List.of())
                        .waitedMs())
                .isZero();
        // live would refuse this one (a minute is past max-wait 5 s); on the timeline it is carried out when its token
        // comes
        Throttle.Permit second = timeline.acquire("ec2:isolate-instance", A, "us-east-1", List.of());
        assertThat(second.granted()).isTrue();
        assertThat(second.waitedMs()).isEqualTo(60_000);
        eventNanos[0] += TimeUnit.SECONDS.toNanos(10);
        assertThat(timeline.acquire("ec2:isolate-instance", A, "us-east-1", List.of())
                        .waitedMs())
                .as("queued behind the one reserved before it")
                .isEqualTo(110_000);
        eventNanos[0] += TimeUnit.HOURS.toNanos(1);
        assertThat(timeline.acquire("ec2:isolate-instance", A, "us-east-1", List.of())
                        .waitedMs())
                .as("refilled on event time")
                .isZero();

        assertThat(ticker.slept).isEmpty();
        assertThat(live.actionTokens("ec2:isolate-instance")).isEqualTo(1.0);
        assertThat(live.maxWait()).hasSeconds(5);
        assertThat(registry.get("riposte.rate.limit.waits")
                        .tag("kind", "action")
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void aCallerWithItsOwnShorterBudgetIsTurnedAwayAtOnceWithoutTakingATokenNorBeingDeferred() {
        RateLimiter l = limiter("5s", "2/1s burst=3", "ec2:DescribeInstances=1/1s burst=1");
        assertThat(l.acquire(null, A, "us-east-1", calls("ec2:DescribeInstances"), Duration.ofMillis(100))
                        .granted())
                .isTrue();

        Throttle.Permit refused =
                l.acquire(null, A, "us-east-1", calls("ec2:DescribeInstances"), Duration.ofMillis(100));
        assertThat(refused.granted()).isFalse();
        assertThat(refused.reason())
                .contains("ec2:DescribeInstances")
                .contains("longer than the 0.1s this read may wait")
                .doesNotContain("deferred");
        assertThat(ticker.slept).isEmpty();
        assertThat(registry.get("riposte.rate.limited")
                        .tag("kind", "operation")
                        .counter()
                        .count())
                .isEqualTo(1);

        // within max-wait, the same call without a budget of its own waits for the token the refusal did not take
        assertThat(l.acquire(null, A, "us-east-1", calls("ec2:DescribeInstances"))
                        .granted())
                .isTrue();
        assertThat(ticker.slept).containsExactly(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aBudgetLongerThanMaxWaitIsCutToMaxWait() {
        RateLimiter l = limiter("500ms", "2/1s burst=3", "ec2:DescribeInstances=1/1s burst=1");
        l.acquire(null, A, "us-east-1", calls("ec2:DescribeInstances"));
        Throttle.Permit refused =
                l.acquire(null, A, "us-east-1", calls("ec2:DescribeInstances"), Duration.ofSeconds(5));
        assertThat(refused.granted()).isFalse();
        assertThat(ticker.slept).isEmpty();
    }
}
