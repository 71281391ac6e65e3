package dev.riposte.decision;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a decision ended, as the audit log writes it ({@code "outcome"}; docs/dispatch.md, "Outcomes"). Commands end in
 * one of {@code planned} to {@code breaker-open}; {@code no-match} and {@code rejected} are outcomes of events.
 */
public enum Outcome {
    NO_MATCH("no-match"),
    PLANNED("planned"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    SKIPPED("skipped"),
    EXEMPT("exempt"),
    DEDUPLICATED("deduplicated"),
    COOLDOWN("cooldown"),
    RATE_LIMITED("rate-limited"),
    BREAKER_OPEN("breaker-open"),
    REJECTED("rejected");

    /** Every value as the audit log writes it, in declaration order. */
    public static final List<String> VALUES =
            Arrays.stream(values()).map(Outcome::value).toList();

    private final String value;

    Outcome(String value) {
        this.value = value;
    }

    /** The audit log's spelling ({@code rate-limited}). */
    @JsonValue
    public String value() {
        return value;
    }

    /** The outcome written as {@code value}, or empty when there is none. */
    public static Optional<Outcome> find(String value) {
        for (Outcome o : values()) {
            if (o.value.equals(value)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** The outcome written as {@code value}; how Jackson reads audit records, of this version or older ones. */
    @JsonCreator
    public static Outcome of(String value) {
        return find(value)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown outcome '" + value + "': one of " + String.join(", ", VALUES)));
    }

    /** The audit log's spelling, so messages that name an outcome read as they always did. */
    @Override
    public String toString() {
        return value;
    }
}
