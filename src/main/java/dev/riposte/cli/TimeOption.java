package dev.riposte.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * {@code --since} / {@code --until}: an ISO-8601 instant ({@code 2024-05-01T12:00:00Z}, or with an offset), a date
 * and time without a zone (taken as UTC: CloudTrail and GuardDuty times are UTC), or a date alone (midnight UTC).
 */
final class TimeOption implements CommandLine.ITypeConverter<Instant> {
    static final String ACCEPTED =
            "use 2024-05-01 (midnight UTC), 2024-05-01T12:00:00 (UTC) or 2024-05-01T12:00:00Z / +02:00";

    @Override
    public Instant convert(String value) {
        return parse(value);
    }

    static Instant parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        for (Function<String, Instant> format : FORMATS) {
            try {
                return format.apply(v);
            } catch (DateTimeParseException next) {
                // try the next form
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a time: " + ACCEPTED);
    }

    private static final List<Function<String, Instant>> FORMATS = List.of(
            v -> OffsetDateTime.parse(v).toInstant(), // Z or an offset
            v -> LocalDateTime.parse(v).toInstant(ZoneOffset.UTC),
            v -> LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant());
}
