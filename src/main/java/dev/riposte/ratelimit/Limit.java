package dev.riposte.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one token bucket: it holds at most {@code burst} tokens and gains {@code perSecond} a second.
 * Written {@code <tokens>/<period>[ burst=<n>]} in configuration: {@code 5/1s burst=50} is 5 tokens a second, at most
 * 50 at once; without {@code burst} the bucket holds one period's tokens ({@code 10/1m} = at most 10 at once).
 * {@code off} means no limit.
 */
record Limit(long burst, double perSecond) {
    static final Limit OFF = new Limit(Long.MAX_VALUE, Double.POSITIVE_INFINITY);
    private static final Pattern SPEC = Pattern.compile("(\\d+)\\s*/\\s*([0-9a-zA-Z.]+)(?:\\s+burst\\s*=\\s*(\\d+))?");

    Limit {
        if (burst < 1) {
            throw new IllegalArgumentException("a bucket must hold at least 1 token, got " + burst);
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a bucket must refill at a positive rate, got " + perSecond + "/s");
        }
    }

    boolean off() {
        return this.equals(OFF);
    }

    /**
     * Parses {@code 5/1s}, {@code 5/s burst=50}, {@code 100/10m}, {@code off}.
     *
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    static Limit parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("off")) {
            return OFF;
        }
        Matcher m = SPEC.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a rate limit: write <tokens>/<period>[ burst=<n>],"
                    + " e.g. 5/1s burst=50 or 10/1m, or off");
        }
        long tokens = Long.parseLong(m.group(1));
        Duration period = Durations.parse(m.group(2));
        if (period.isZero()) {
            throw new IllegalArgumentException("'" + t + "': the period must be positive");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("'" + t + "': at least 1 token per period");
        }
        long burst = m.group(3) == null ? tokens : Long.parseLong(m.group(3));
        if (burst < 1) {
            throw new IllegalArgumentException("'" + t + "': burst must be at least 1");
        }
        return new Limit(burst, tokens * 1e9 / period.toNanos());
    }

    @Override
    public String toString() {
        if (off()) {
            return "off";
        }
        String rate = perSecond == Math.rint(perSecond)
                ? String.valueOf((long) perSecond)
                : String.format(Locale.ROOT, "%.3f", perSecond);
        return rate + "/s burst=" + burst;
    }
}
