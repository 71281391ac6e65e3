package dev.riposte.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Time that moves only when the test says so, or when a caller sleeps (then by exactly the time asked). */
class FakeTicker implements Ticker {
    long now = 1_000_000_000L;
    final List<Long> slept = new ArrayList<>();

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void sleep(long nanos) {
        slept.add(nanos);
        now += nanos;
    }

    void advance(long amount, TimeUnit unit) {
        now += unit.toNanos(amount);
    }
}
