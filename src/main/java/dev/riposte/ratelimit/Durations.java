package dev.riposte.ratelimit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way the rest of the configuration writes them: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, {@code PT5S}; a
 * bare unit is one of it.
 */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d*)(ms|s|m|h|d)");

    private Durations() {}

    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "'" + text.strip() + "' is not a duration (e.g. 500ms, 5s, 1m, PT5S)");
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is negative");
        }
        return d;
    }
}
