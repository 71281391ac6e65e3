package dev.riposte.dispatch;

import java.util.List;
import java.util.Optional;

/**
 * One step of the dispatcher's pipeline between planning and execution: guard rails (exempt tags,
 * protected accounts), idempotency, rate limits, the blast-radius breaker. Checks run in order;
 * the first that stops a command decides its outcome. Public: those checks live in other packages.
 */
public interface DispatchCheck {

    /** Empty to let the command go on, or why and with which audit outcome it stops here. */
    Optional<Stop> before(Attempt attempt);

    /**
     * Told the final result of every attempt that reached the checks, stopped or not (to record idempotency keys,
     * count mutations). Must not throw.
     */
    default void after(Attempt attempt, DispatchResult result) {
    }

    /** A command about to be carried out in {@code mode} ({@code dry-run|shadow|live}), with its plan. */
    record Attempt(ActionSpec spec, ActionContext context, String mode, List<AwsRequest> plan) {

        public boolean live() {
            return "live".equals(mode);
        }
    }

    /** @param outcome an audit outcome such as {@code exempt}, {@code deduplicated}, {@code rate-limited}, {@code breaker-open} */
    record Stop(String outcome, String reason) {
    }
}
