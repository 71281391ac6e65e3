package dev.riposte.text;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations and counts as people read them in terminal output and reports: {@code 15 min}, {@code 1 h 30 min},
 * {@code 200,000}; ISO-8601 ({@code PT15M}) stays in the JSON that machines read. JDK only, so every package may use it.
 */
public final class Human {
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    private static final String[] UNIT_NAMES = {"d", "h", "min", "s"};

    private Human() {}

    /**
     * The two largest non-zero units, the rest cut off: {@code 45 s}, {@code 15 min}, {@code 1 h 30 min},
     * {@code 2 d 3 h}; under a second in {@code ms}; {@code 0 s} for zero; a minus sign before a negative one.
     */
    public static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        if (d.getSeconds() == 0) {
            long ms = d.toMillis();
            return ms == 0 && d.getNano() == 0 ? "0 s" : Math.max(ms, 1) + " ms";
        }
        long rest = d.getSeconds();
        StringBuilder out = new StringBuilder();
        int parts = 0;
        for (int i = 0; i < UNIT_SECONDS.length && parts < 2; i++) {
            long n = rest / UNIT_SECONDS[i];
            rest %= UNIT_SECONDS[i];
            if (n > 0) {
                out.append(out.isEmpty() ? "" : " ").append(n).append(' ').append(UNIT_NAMES[i]);
                parts++;
            } else if (parts > 0) {
                break; // "1 h 5 s" would mislead more than "1 h"
            }
        }
        return out.toString();
    }

    /** A count with thousands separators, the same whatever the machine's locale: {@code 1,234,567}. */
    public static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
