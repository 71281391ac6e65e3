package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a command (the caller's cooldown key) last ran, shared by every replica. A live command takes its cooldown by
 * {@link #claim} (atomic: of several callers, threads or replicas, exactly one wins) and gives it back by
 * {@link #release} when it did not run; plans are only {@link #record recorded}.
 */
public interface Cooldowns {

    Optional<Instant> last(String key);

    /**
     * Records that {@code key} ran at {@code at} unless a later time is already recorded (the latest wins, whatever the
     * order the writes arrive in); kept for {@code keep}.
     */
    void record(String key, Instant at, Duration keep);

    /**
     * Records {@code at} for {@code key} only if no time within {@code period} of it (before or after) is recorded, in one
     * conditional write; kept for {@code period}.
     *
     * @return empty when this caller now holds the cooldown; otherwise the recorded time that holds it
     */
    Optional<Instant> claim(String key, Instant at, Duration period);

    /**
     * Gives back a claim whose command did not run: the time recorded before it comes back (or none), if the record is
     * still this claim's {@code at}.
     */
    void release(String key, Instant at);
}
