package dev.riposte.ratelimit;

/**
 * One token bucket. Tokens refill continuously from the nanoseconds elapsed on the caller's ticker, up to the
 * limit's burst. Takes may go below zero: that is a reservation, and the next caller's wait covers the debt, so
 * waiting commands are served in order.
 */
final class TokenBucket {
    private final Limit limit;
    private double tokens;
    private long last;

    TokenBucket(Limit limit, long nowNanos) {
        this(limit, nowNanos, true);
    }

    /** @param full false: starts empty and fills at the limit's rate (a new rules owner, after the old one spent its burst) */
    TokenBucket(Limit limit, long nowNanos, boolean full) {
        this.limit = limit;
        this.tokens = full ? limit.burst() : 0;
        this.last = nowNanos;
    }

    Limit limit() {
        return limit;
    }

    /** Nanoseconds from {@code now} until {@code n} tokens are there (0: now). {@code n} is capped at the burst. */
    synchronized long nanosUntil(long n, long now) {
        refill(now);
        double missing = Math.min(n, limit.burst()) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / limit.perSecond() * 1e9);
    }

    /** Takes {@code n} tokens (capped at the burst), going into debt if they are not there yet. */
    synchronized void take(long n, long now) {
        refill(now);
        tokens -= Math.min(n, limit.burst());
    }

    synchronized boolean full(long now) {
        refill(now);
        return tokens >= limit.burst();
    }

    synchronized double tokens(long now) {
        refill(now);
        return tokens;
    }

    private void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(limit.burst(), tokens + elapsed * limit.perSecond() / 1e9);
            last = now;
        }
    }
}
