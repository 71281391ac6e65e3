package dev.riposte.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The cooldowns of one process, in memory (a restart forgets them); entries past their keep time are dropped now and then. */
final class MemoryCooldowns implements CooldownStore {
    private static final int SWEEP_EVERY = 1024;
    /** key -> {last time, keep until} */
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

    int size() {
        return last.size();
    }

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
