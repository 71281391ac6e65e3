package dev.riposte.pipeline;

import org.eclipse.microprofile.config.Config;

/**
 * The correlation journal's settings.
 *
 * @param enabled    {@code riposte.journal.enabled}: keep the journal and warm the rule session from it (default true)
 * @param maxEntries {@code riposte.journal.max-entries}: at most this many entries are kept and replayed (default 20000)
 */
record JournalSettings(boolean enabled, int maxEntries) {

    static JournalSettings fromConfig(Config c) {
        int max = c.getOptionalValue("riposte.journal.max-entries", Integer.class).orElse(20_000);
        if (max < 1) {
            throw new IllegalArgumentException("riposte.journal.max-entries must be at least 1, got " + max);
        }
        return new JournalSettings(c.getOptionalValue("riposte.journal.enabled", Boolean.class).orElse(true), max);
    }
}
