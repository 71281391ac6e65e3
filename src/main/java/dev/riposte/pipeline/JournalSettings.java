package dev.riposte.pipeline;

import dev.riposte.config.RiposteConfig;

/**
 * The correlation journal's settings.
 *
 * @param enabled    {@code riposte.journal.enabled}: keep the journal and warm the rule session from it
 * @param maxEntries {@code riposte.journal.max-entries}: at most this many entries are kept and replayed
 */
record JournalSettings(boolean enabled, int maxEntries) {

    JournalSettings {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("riposte.journal.max-entries must be at least 1, got " + maxEntries);
        }
    }

    static JournalSettings of(RiposteConfig.Journal c) {
        return new JournalSettings(c.enabled(), c.maxEntries());
    }
}
