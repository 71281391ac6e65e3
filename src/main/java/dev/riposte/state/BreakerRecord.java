package dev.riposte.state;

import java.util.List;
import java.util.Map;

/**
 * The shared state of the blast-radius breaker, with the version it was read at: every change is written
 * only if the version is still the one read (compare and set), so replicas counting at once never lose a
 * mutation and the limit holds for the whole fleet.
 *
 * @param version 0 when never written
 */
public record BreakerRecord(
        long version,
        boolean open,
        Map<String, String> openAccounts,
        String openedAt,
        String reason,
        long parked,
        List<Mutation> recent,
        String resetBy,
        String resetAt) {

    public BreakerRecord {
        openAccounts = openAccounts == null ? Map.of() : Map.copyOf(openAccounts);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static BreakerRecord closed() {
        return new BreakerRecord(0, false, Map.of(), null, null, 0, List.of(), null, null);
    }

    /** One live mutating action counted by the breaker: when (ISO-8601) and in which account. */
    public record Mutation(String time, String account) {}
}
