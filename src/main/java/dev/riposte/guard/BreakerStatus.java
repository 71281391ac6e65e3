package dev.riposte.guard;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * What the blast-radius breaker looks like now; shown by {@code riposte breaker status} and {@code GET /admin/breaker}.
 *
 * @param open          true while live mutating commands are parked
 * @param openAccounts  accounts whose own limit tripped (account -> reason), besides a global opening
 * @param openedAt      when it opened (ISO-8601), null when closed
 * @param reason        why it opened
 * @param parked        commands parked since it opened
 * @param recent        live mutating actions inside the current window
 * @param limit         {@code riposte.breaker.limit}
 * @param perAccountLimit {@code riposte.breaker.per-account-limit}
 * @param window        {@code riposte.breaker.window}
 * @param parkedFile    where parked commands are kept, one JSON line each
 * @param lastReset     who reset it last and when, null if never
 */
@RegisterForReflection // read and written by Jackson, native image too
public record BreakerStatus(
        boolean open,
        Map<String, String> openAccounts,
        String openedAt,
        String reason,
        long parked,
        int recent,
        int limit,
        int perAccountLimit,
        String window,
        String parkedFile,
        Map<String, String> lastReset) {}
