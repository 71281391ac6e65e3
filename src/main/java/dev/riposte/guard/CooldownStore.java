package dev.riposte.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the cooldown remembers when each command last ran or was planned: in memory ({@link MemoryCooldowns}), or
 * shared by replicas. Keys are {@link CooldownCheck}'s, opaque here. Implementations must be thread-safe. Public:
 * another state backend implements it.
 */
public interface CooldownStore {

    Optional<Instant> last(String key);

    /** Records that {@code key} ran at {@code at} unless a later time is already recorded; kept for {@code keep}. */
    void record(String key, Instant at, Duration keep);
}
