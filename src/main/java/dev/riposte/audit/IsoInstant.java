package dev.riposte.audit;

import java.time.Instant;

/**
 * {@link Instant#toString()} without {@code DateTimeFormatter}: every audit record carries two timestamps, and in a
 * replay of a million events formatting them was a third of the decisions thread. Same text, character for
 * character (ISO-8601 in UTC, fraction of 0, 3, 6 or 9 digits); years outside 0000-9999 go to {@code toString()}.
 */
public final class IsoInstant {
    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private IsoInstant() {}

    public static String format(Instant t) {
        long s = t.getEpochSecond();
        if (s < MIN_SECOND || s > MAX_SECOND) {
            return t.toString();
        }
        int nano = t.getNano();
        long day = Math.floorDiv(s, 86_400);
        int secondOfDay = (int) Math.floorMod(s, 86_400);
        // days to civil date (H. Hinnant's algorithm, proleptic Gregorian)
        long z = day + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));

        char[] c = new char[30];
        int n = 0;
        n = digits(c, n, year, 4);
        c[n++] = '-';
        n = digits(c, n, month, 2);
        c[n++] = '-';
        n = digits(c, n, dayOfMonth, 2);
        c[n++] = 'T';
        n = digits(c, n, secondOfDay / 3600, 2);
        c[n++] = ':';
        n = digits(c, n, secondOfDay / 60 % 60, 2);
        c[n++] = ':';
        n = digits(c, n, secondOfDay % 60, 2);
        if (nano != 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                n = digits(c, n, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                n = digits(c, n, nano / 1000, 6);
            } else {
                n = digits(c, n, nano, 9);
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static int digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
