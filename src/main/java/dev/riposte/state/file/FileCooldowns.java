package dev.riposte.state.file;

import dev.riposte.state.Cooldowns;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Cooldowns of one process, in memory (a restart forgets them, as before the state backend existed). */
final class FileCooldowns implements Cooldowns {
    private static final int SWEEP_EVERY = 1024;
    private final Map<String, Instant[]> last = new ConcurrentHashMap<>();
    private int sinceSweep;

    @Override
    public Optional<Instant> last(String key) {
        Instant[] v = last.get(key);
        return v == null ? Optional.empty() : Optional.of(v[0]);
    }

    @Override
    public void record(String key, Instant at, Duration keep) {
        last.merge(key, new Instant[] {at, at.plus(keep)}, (a, b) -> a[0].isAfter(b[0]) ? a : b);
        sweep(at);
    }

    /** Drops entries past their keep time now and then, so the map stays bounded. */
    private synchronized void sweep(Instant now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        for (Iterator<Instant[]> it = last.values().iterator(); it.hasNext(); ) {
            if (it.next()[1].isBefore(now)) {
                it.remove();
            }
        }
    }
}
