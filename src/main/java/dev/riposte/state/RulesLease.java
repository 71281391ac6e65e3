package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who owns the rule session: one replica at a time holds a lease that it renews (a heartbeat) well within its period;
 * another takes it over only once it expired. Every takeover bumps the lease's version, which fences the previous
 * owner: its renewals and its fenced decision writes name the old version and are refused.
 */
public interface RulesLease {

    /** A holding of the lease: by {@code owner}, at {@code version}, valid until {@code expires}. */
    record Holding(String owner, long version, Instant expires) {

        public boolean validAt(Instant now) {
            return now.isBefore(expires);
        }
    }

    /** Takes the lease if it is free, expired or already {@code me}'s; empty when another replica holds it. */
    Optional<Holding> acquire(String me, Instant now, Duration period);

    /** Extends {@code mine} if it is still the current holding (same owner and version); empty when it was lost. */
    Optional<Holding> renew(Holding mine, Instant now, Duration period);

    /** The current holding, expired or not; empty when nobody ever held it or it was released. */
    Optional<Holding> current();

    /** Gives the lease up (a clean shutdown), so a standby takes over at once rather than after the period. */
    void release(Holding mine);
}
