package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a command (the caller's cooldown key) last ran, shared by every replica. */
public interface Cooldowns {

    Optional<Instant> last(String key);

    /**
     * Records that {@code key} ran at {@code at} unless a later time is already recorded (the latest wins, whatever the
     * order the writes arrive in); kept for {@code keep}.
     */
    void record(String key, Instant at, Duration keep);
}
