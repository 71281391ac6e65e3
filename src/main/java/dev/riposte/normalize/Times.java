package dev.riposte.normalize;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Event timestamps: ISO-8601 with Z or an offset, or without a zone (taken as UTC), or epoch millis. */
final class Times {
    private Times() {
    }

    /**
     * The shape every AWS source writes, {@code 2024-05-01T12:00:00Z} or {@code 2024-05-01T12:00:00.123Z}
     * (up to nine fraction digits), read without DateTimeFormatter (which cost more than the rest of a
     * CloudTrail record's mapping); null for anything else, which then goes the general way.
     */
    static Instant utc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int frac = digits(s, 20, n - 1);
            if (frac < 0) {
                return null;
            }
            nanos = frac;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null; // let the general parser say what is wrong with 2024-02-30
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
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
            if (v != null && v.exists() && !(v.raw().isTextual() && v.raw().asText().isBlank())) {
                return parse(v); // an empty string counts as absent, like a missing field
            }
        }
        return null;
    }

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
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new BadInput(v.path() + " is not an ISO-8601 time: " + View.brief(v.raw()));
                }
            }
        }
    }
}
