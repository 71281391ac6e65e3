package dev.riposte.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The cooldowns of one process, in memory; entries older than the cooldown are dropped now and then. */
final class MemoryCooldowns implements CooldownStore {
    private static final int SWEEP_EVERY = 1024;
    private final Duration period;
    private final Map<Key, Entry> last = new ConcurrentHashMap<>();
    private int sinceSweep;

    MemoryCooldowns(Duration period) {
        this.period = period;
    }

    @Override
    public Optional<Entry> get(Key key) {
        return Optional.ofNullable(last.get(key));
    }

    @Override
    public void put(Key key, Entry entry) {
        last.merge(key, entry, MemoryCooldowns::newer);
        sweep(entry.time());
    }

    /** The later of two entries; a plan never replaces a command that was carried out. */
    static Entry newer(Entry old, Entry update) {
        if (old.live() && !update.live()) {
            return old;
        }
        return old.time().isAfter(update.time()) ? old : update;
    }

    int size() {
        return last.size();
    }

    private synchronized void sweep(Instant now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        for (Iterator<Entry> it = last.values().iterator(); it.hasNext(); ) {
            if (Duration.between(it.next().time(), now).compareTo(period) > 0) {
                it.remove();
            }
        }
    }
}
