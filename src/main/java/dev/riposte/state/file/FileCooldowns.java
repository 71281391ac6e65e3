package dev.riposte.state.file;

import dev.riposte.state.Cooldowns;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cooldowns of one process, in memory (a restart forgets them, as before the state backend existed); entries past
 * their keep time are dropped now and then. Public: in-memory guard rails (rule test cases, replay) use it.
 */
public final class FileCooldowns implements Cooldowns {
    private static final int SWEEP_EVERY = 1024;

    /** The last time, until when it is kept, and the time it replaced (null: none), for a release. */
    private record Entry(Instant at, Instant keepUntil, Instant previous) {}

    private final Map<String, Entry> last = new ConcurrentHashMap<>();
    private int sinceSweep;

    @Override
    public Optional<Instant> last(String key) {
        Entry v = last.get(key);
        return v == null ? Optional.empty() : Optional.of(v.at());
    }

    @Override
    public void record(String key, Instant at, Duration keep) {
        last.merge(key, new Entry(at, at.plus(keep), null), (a, b) -> a.at().isAfter(b.at()) ? a : b);
        sweep(at);
    }

    @Override
    public Optional<Instant> claim(String key, Instant at, Duration period) {
        Instant[] held = new Instant[1];
        last.compute(key, (k, v) -> {
            if (v != null && Duration.between(v.at(), at).abs().compareTo(period) < 0) {
                held[0] = v.at();
                return v;
            }
            return new Entry(at, at.plus(period), v == null ? null : v.at());
        });
        sweep(at);
        return Optional.ofNullable(held[0]);
    }

    @Override
    public void release(String key, Instant at) {
        last.computeIfPresent(
                key,
                (k, v) -> !v.at().equals(at)
                        ? v
                        : v.previous() == null ? null : new Entry(v.previous(), v.keepUntil(), null));
    }

    int size() {
        return last.size();
    }

    /** Drops entries past their keep time now and then, so the map stays bounded. */
    private synchronized void sweep(Instant now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        for (Iterator<Entry> it = last.values().iterator(); it.hasNext(); ) {
            if (it.next().keepUntil().isBefore(now)) {
                it.remove();
            }
        }
    }
}
