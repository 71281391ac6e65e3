package dev.riposte.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Event time as a {@link Clock}: the guard rails, rate limits and approvals that the live service runs on the wall
 * clock run on this one in replay's simulation, so a breaker window, a token refill or an approval's expiry spans
 * event time, not the seconds the replay took. It only moves forward: a late event does not turn it back.
 */
final class EventClock extends Clock {
    private volatile long millis;

    /** Moves the clock to {@code t} unless it is already later. */
    void advanceTo(Instant t) {
        long m = t.toEpochMilli();
        if (m > millis) {
            millis = m;
        }
    }

    long nanos() {
        return millis * 1_000_000L;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("event time is UTC");
    }
}
