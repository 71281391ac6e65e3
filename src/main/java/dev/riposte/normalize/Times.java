package dev.riposte.normalize;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Event timestamps: ISO-8601 with Z, an offset or no zone (taken as UTC), with {@code T} or a space between date and
 * time as data lakes and SIEMs export them ({@code 2022-12-11 19:42:55}, {@code 2025-01-21 17:49:47.000000000}); the
 * HTTP date of AWS Health ({@code Wed, 12 Feb 2025 00:37:54 GMT}); Amazon Inspector's
 * ({@code Wed Sep 04 16:59:44.356 UTC 2024}, {@code May 11, 2024, 08:58:10.211 AM}); or epoch millis.
 * A time with an offset is converted to UTC.
 */
final class Times {
    private Times() {}

    /**
     * The shapes nearly every input has, {@code 2024-05-01T12:00:00Z}, {@code 2024-05-01 12:00:00.123456789},
     * {@code 2024-05-01T14:00:00+02:00}, read without DateTimeFormatter (which cost more than the rest of a
     * CloudTrail record's mapping); null for anything else, which then goes the general way.
     */
    static Instant utc(String s) {
        int n = s.length();
        if (n < 19
                || n > 35
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (at < n && s.charAt(at) == '.') {
            int end = at + 1;
            while (end < n && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
                end++;
            }
            int len = end - at - 1;
            if (len == 0 || len > 9) {
                return null;
            }
            nanos = digits(s, at + 1, end);
            for (int i = len; i < 9; i++) {
                nanos *= 10;
            }
            at = end;
        }
        int offsetSeconds = 0;
        if (at < n) {
            char z = s.charAt(at);
            if (z == 'Z' && at == n - 1) {
                at = n;
            } else if ((z == '+' || z == '-') && (n - at == 6 && s.charAt(at + 3) == ':' || n - at == 5)) {
                int oh = digits(s, at + 1, at + 3);
                int om = digits(s, n - 2, n);
                if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                    return null;
                }
                offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                at = n;
            } else {
                return null;
            }
        }
        if (day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null; // let the general parser say what is wrong with 2024-02-30
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** The decimal value of s[from, to), or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The first of the candidates that is present, parsed; null when none is present. */
    static Instant first(View... candidates) {
        for (View v : candidates) {
            if (v != null
                    && v.exists()
                    && !(v.raw().isTextual() && v.raw().asText().isBlank())) {
                return parse(v); // an empty string counts as absent, like a missing field
            }
        }
        return null;
    }

    /** The other shapes AWS services write, tried in order after the fast path (English month and day names). */
    private static final List<DateTimeFormatter> OTHER = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME, // AWS Health: Wed, 12 Feb 2025 00:37:54 GMT
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("EEE MMM dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .appendPattern(" zzz yyyy")
                    .toFormatter(Locale.ENGLISH), // Inspector: Wed Sep 04 16:59:44.356 UTC 2024
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("MMM d, yyyy, h:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .appendPattern(" a")
                    .toFormatter(Locale.ENGLISH)); // Inspector (console): May 11, 2024, 08:58:10.211 AM

    static Instant parse(View v) {
        if (v.raw().isNumber()) {
            return Instant.ofEpochMilli(v.raw().longValue());
        }
        String s = v.text();
        if (s == null || s.isBlank()) {
            throw new BadInput(v.path() + " is not an ISO-8601 time: " + View.brief(v.raw()));
        }
        Instant fast = utc(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            // the general ways below
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next
        }
        for (int i = 0; i < OTHER.size(); i++) {
            try {
                var parsed = OTHER.get(i).parseBest(s, ZonedDateTime::from, LocalDateTime::from);
                return parsed instanceof ZonedDateTime z
                        ? z.toInstant()
                        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // next
            }
        }
        throw new BadInput(v.path() + " is not an ISO-8601 time: " + View.brief(v.raw()));
    }
}
