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
