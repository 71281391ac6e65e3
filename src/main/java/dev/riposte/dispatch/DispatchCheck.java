package dev.riposte.dispatch;

import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * One step of the dispatcher's pipeline between planning and execution: guard rails (exempt tags,
 * protected accounts), idempotency, rate limits, the blast-radius breaker. Checks run in order;
 * the first that stops a command decides its outcome. Public: those checks live in other packages.
 */
public interface DispatchCheck {
    /**
     * CDI beans run in {@code @Priority} order, highest first: idempotency before the guard rails, so that a redelivered
     * command ends {@code deduplicated} before any guard reads AWS (exempt tags) or counts it (breaker).
     */
    int IDEMPOTENCY = 200;

    int GUARD_RAILS = 100;

    /** Empty to let the command go on, or why and with which audit outcome it stops here. */
    Optional<Stop> before(Attempt attempt);

    /**
     * Told the final result of every attempt that reached the checks, stopped or not (to record idempotency keys,
     * count mutations). Must not throw.
     */
    default void after(Attempt attempt, DispatchResult result) {}

    /**
     * Called when every check let a live command through and its rate limit was granted, just before its first AWS
     * call: where an intent that a crash would leave behind (the idempotency claim) is recorded, so that a crash in the
     * checks before (the exempt tag's reads, a rate-limit wait) leaves nothing uncertain. Empty to go on.
     */
    default Optional<Stop> claim(Attempt attempt) {
        return Optional.empty();
    }

    /** A command about to be carried out in {@code mode} ({@code dry-run|shadow|live}), with its plan. */
    record Attempt(ActionSpec spec, ActionContext context, Mode mode, List<AwsRequest> plan) {

        public boolean live() {
            return mode == Mode.LIVE;
        }

        /**
         * The command's parameters as canonical JSON (keys sorted, so the order a rule set them in does not matter):
         * with the action and target, what makes two commands "the same command" for idempotency and the cooldown.
         */
        public String params() {
            return CanonicalParams.of(context.command().params());
        }

        /** SHA-256 (hex) of {@link #params()}: what state keys are made of, bounded however long the parameters are. */
        public String paramsDigest() {
            return CanonicalParams.digest(context.command().params());
        }
    }

    /**
     * @param outcome an audit outcome such as {@code exempt}, {@code deduplicated} (idempotency), {@code cooldown},
     *                {@code rate-limited}, {@code breaker-open}
     */
    record Stop(Outcome outcome, String reason) {}
}
