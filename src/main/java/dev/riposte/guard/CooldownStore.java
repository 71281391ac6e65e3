package dev.riposte.guard;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the cooldown remembers the commands it let through: in memory ({@link MemoryCooldowns}), or shared by
 * replicas. Implementations must be thread-safe. Public: another state backend implements it.
 */
public interface CooldownStore {

    /** The last time the command of {@code key} was carried out (or planned), if the store still knows it. */
    Optional<Entry> get(Key key);

    /** Remembers {@code entry} for {@code key}, unless a later one is known, or one carried out and {@code entry} is a plan. */
    void put(Key key, Entry entry);

    /**
     * What makes two commands the same for the cooldown: the same cause (see {@link Cause}), action, target ("" when
     * none) and parameters (canonical JSON).
     */
    record Key(String cause, String action, String target, String params) {
        public Key {
            cause = cause == null ? "" : cause;
            target = target == null ? "" : target;
        }
    }

    /**
     * @param time    the event time of the command (the clock's when it had no event)
     * @param outcome {@code succeeded} (carried out) or {@code planned} (dry-run or shadow: nothing was sent)
     * @param mode    {@code live|dry-run|shadow}
     */
    record Entry(Instant time, String outcome, String mode) {
        public boolean live() {
            return "live".equals(mode);
        }
    }
}
