package dev.riposte.rules;

import java.util.Locale;

/** How rules become a {@link RuleSet}: {@code riposte.rules.mode}. */
public enum RuleMode {
    /** DRL compiled when loaded, any folder, hot reload (the JVM image's default). */
    RUNTIME,
    /** Only the executable model compiled at build ({@link FrozenRules}); the native image's only mode. */
    FROZEN;

    /** {@code runtime} or {@code frozen}, any case; anything else is refused with the choices. */
    public static RuleMode parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (RuleMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("riposte.rules.mode must be runtime or frozen, got '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
