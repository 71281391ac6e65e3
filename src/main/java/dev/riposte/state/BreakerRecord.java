package dev.riposte.state;

import java.util.List;
import java.util.Map;

/**
 * The shared state of the blast-radius breaker, with the version it was read at: every change is written
 * only if the version is still the one read (compare and set), so replicas counting at once never lose a
 * mutation and the limit holds for the fleet.
 *
 * @param version 0 when never written
 * @param window  the live mutations counted, per time bucket; null in a state written before there were buckets
 * @param recent  the mutations one by one, as versions before the buckets wrote them: read (the breaker counts them
 *                into its window), never written again; empty otherwise
 */
public record BreakerRecord(
        long version,
        boolean open,
        Map<String, String> openAccounts,
        String openedAt,
        String reason,
        long parked,
        BreakerWindow window,
        String resetBy,
        String resetAt,
        List<Mutation> recent) {

    public BreakerRecord {
        openAccounts = openAccounts == null ? Map.of() : Map.copyOf(openAccounts);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static BreakerRecord closed() {
        return new BreakerRecord(0, false, Map.of(), null, null, 0, null, null, null, List.of());
    }

    /** The same state at {@code v}: what a store hands back after reading, or writes. */
    public BreakerRecord withVersion(long v) {
        return new BreakerRecord(v, open, openAccounts, openedAt, reason, parked, window, resetBy, resetAt, recent);
    }

    /** One live mutating action counted by the breaker before there were buckets: when (ISO-8601), which account. */
    public record Mutation(String time, String account) {}
}
