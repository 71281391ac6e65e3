package dev.riposte.decision;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * How a command was carried out, as the audit log writes it ({@code "mode"}): {@code dry-run} (planned only, the
 * default), {@code shadow} (a {@code @mode("shadow")} rule: planned only whatever the settings say) or {@code live}.
 */
public enum Mode {
    DRY_RUN("dry-run"),
    SHADOW("shadow"),
    LIVE("live");

    /** Every value as the audit log writes it, in declaration order. */
    public static final List<String> VALUES =
            Arrays.stream(values()).map(Mode::value).toList();

    private final String value;

    Mode(String value) {
        this.value = value;
    }

    /** The mode commands run in: shadow wins over the dry-run setting. */
    public static Mode of(boolean shadow, boolean dryRun) {
        return shadow ? SHADOW : dryRun ? DRY_RUN : LIVE;
    }

    /** The audit log's spelling ({@code dry-run}). */
    @JsonValue
    public String value() {
        return value;
    }

    /** The mode written as {@code value}; how Jackson reads audit records, of this version or older ones. */
    @JsonCreator
    public static Mode of(String value) {
        for (Mode m : values()) {
            if (m.value.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "': one of " + String.join(", ", VALUES));
    }

    /** The audit log's spelling, so messages that name a mode read as they always did. */
    @Override
    public String toString() {
        return value;
    }
}
