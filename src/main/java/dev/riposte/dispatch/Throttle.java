package dev.riposte.dispatch;

import java.time.Duration;
import java.util.List;

/**
 * Rate limits in front of AWS: token buckets per action and per (account, region, AWS operation). The dispatcher asks
 * it just before a command calls AWS (live execution, or {@code DryRun} validation) and after every
 * {@link DispatchCheck} let the command through; a plain dry-run plan calls nothing and is not limited. Investigation
 * reads take tokens from the same operation buckets. Public SPI: the dispatcher and the aws package call it, the
 * ratelimit package implements it.
 */
public interface Throttle {

    /** No limits at all ({@code riposte.rate-limit.enabled=false}, replay, tests). */
    Throttle NONE = (action, account, region, calls) -> Permit.FREE;

    /**
     * Takes one token from the bucket of {@code action} and one per call from the bucket of each call's
     * (account, region, service:operation), all or none, waiting up to the configured maximum when they are not there
     * yet. Must not throw.
     *
     * @param action  the action id, or null for calls that belong to no action (investigation reads)
     * @param account the account the calls go to (null: unknown)
     * @param region  the region the calls go to (null: the default region)
     * @param calls   the AWS requests about to be sent (only service and operation matter)
     */
    Permit acquire(String action, String account, String region, List<AwsRequest> calls);

    /**
     * The same, waiting at most {@code maxWait} instead of the configured maximum: investigation reads have a short
     * budget, so the event path never queues behind them. A refusal takes no token.
     */
    default Permit acquire(String action, String account, String region, List<AwsRequest> calls, Duration maxWait) {
        return acquire(action, account, region, calls);
    }

    /**
     * @param granted  true when the tokens were taken: go ahead
     * @param waitedMs how long the caller was held back for them
     * @param reason   when not granted: which bucket was empty and for how long, for the audit record; else null
     */
    record Permit(boolean granted, long waitedMs, String reason) {
        public static final Permit FREE = new Permit(true, 0, null);
    }
}
