package dev.riposte.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LimitTest {

    @Test
    void readsRateAndBurst() {
        assertThat(Limit.parse("5/1s burst=50")).isEqualTo(new Limit(50, 5));
        assertThat(Limit.parse("5/s")).isEqualTo(new Limit(5, 5));
        assertThat(Limit.parse("10/1m")).isEqualTo(new Limit(10, 10 / 60.0));
        assertThat(Limit.parse(" 3 / 500ms  burst = 7 ")).isEqualTo(new Limit(7, 6));
        assertThat(Limit.parse("1/PT2S")).isEqualTo(new Limit(1, 0.5));
        assertThat(Limit.parse("off").off()).isTrue();
        assertThat(Limit.parse("5/1s burst=50")).hasToString("5/s burst=50");
    }

    @Test
    void badLimitsSayWhatIsExpected() {
        assertThatThrownBy(() -> Limit.parse("fast"))
                .hasMessageContaining("'fast' is not a rate limit")
                .hasMessageContaining("<tokens>/<period>");
        assertThatThrownBy(() -> Limit.parse("0/1s")).hasMessageContaining("at least 1 token");
        assertThatThrownBy(() -> Limit.parse("5/1s burst=0")).hasMessageContaining("burst must be at least 1");
        assertThatThrownBy(() -> Limit.parse("5/soon")).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> Limit.parse("5/0s")).hasMessageContaining("the period must be positive");
    }

    @Test
    void aBucketRefillsFromElapsedTimeUpToItsBurst() {
        FakeTicker t = new FakeTicker();
        TokenBucket b = new TokenBucket(new Limit(10, 5), t.nanos());
        assertThat(b.nanosUntil(10, t.nanos())).isZero();
        b.take(10, t.nanos());
        assertThat(b.tokens(t.nanos())).isZero();
        // 5 a second: one token every 200 ms
        assertThat(b.nanosUntil(1, t.nanos())).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(b.nanosUntil(3, t.nanos())).isEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
        t.advance(300, TimeUnit.MILLISECONDS);
        assertThat(b.tokens(t.nanos())).isCloseTo(1.5, Offset.offset(1e-9));
        t.advance(1, TimeUnit.HOURS);
        assertThat(b.tokens(t.nanos())).isEqualTo(10.0);
        assertThat(b.full(t.nanos())).isTrue();
    }

    @Test
    void aTakeBeyondWhatIsThereIsADebtTheNextCallerWaitsFor() {
        FakeTicker t = new FakeTicker();
        TokenBucket b = new TokenBucket(new Limit(2, 1), t.nanos());
        b.take(2, t.nanos());
        b.take(1, t.nanos()); // reserved: due in 1 s
        assertThat(b.tokens(t.nanos())).isEqualTo(-1.0);
        assertThat(b.nanosUntil(1, t.nanos())).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void askingForMoreThanTheBurstAsksForTheBurst() {
        FakeTicker t = new FakeTicker();
        TokenBucket b = new TokenBucket(new Limit(3, 1), t.nanos());
        assertThat(b.nanosUntil(50, t.nanos())).isZero();
        b.take(50, t.nanos());
        assertThat(b.tokens(t.nanos())).isZero();
    }
}
