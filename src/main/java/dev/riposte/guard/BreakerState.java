package dev.riposte.guard;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The persisted state of the breaker ({@code breaker.json} in the state folder), written on every change so it
 * survives a restart and can be reset by another process ({@code riposte breaker reset}).
 */
@RegisterForReflection // read and written by Jackson, native image too
record BreakerState(boolean open, Map<String, String> openAccounts, String openedAt, String reason, long parked,
                    List<Mutation> recent, String resetBy, String resetAt) {

    BreakerState {
        openAccounts = openAccounts == null ? Map.of() : Map.copyOf(openAccounts);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    static BreakerState closed() {
        return new BreakerState(false, Map.of(), null, null, 0, List.of(), null, null);
    }

    /** One live mutating action counted by the breaker. */
    @RegisterForReflection
    record Mutation(String time, String account) {
    }
}
