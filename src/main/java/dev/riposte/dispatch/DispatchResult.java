package dev.riposte.dispatch;

import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import java.util.List;

/**
 * What the dispatcher did with one command; the audit record is built from it.
 *
 * @param mode         {@code dry-run|shadow|live}
 * @param outcome      {@code planned|succeeded|failed|skipped} or the outcome a {@link DispatchCheck} stopped it with
 * @param requests     the requests planned (dry-run, shadow, stopped by a check) or sent (live)
 * @param awsRequestId AWS's request id of the last call, when one was made
 * @param error        one-line reason for {@code failed}/{@code skipped}/stops, or what AWS refused in a DryRun; else null
 * @param awsDryRun    with {@code riposte.dry-run.validate=true}: AWS's DryRun verdict for a planned command
 *                     ({@code DryRunOperation}, {@code UnauthorizedOperation}, ...), else null
 * @param rateLimitWaitMs how long the command waited for rate-limit tokens before calling AWS (0 when it did not wait)
 */
public record DispatchResult(
        Mode mode,
        Outcome outcome,
        List<AwsRequest> requests,
        String awsRequestId,
        String error,
        long durationMs,
        String awsDryRun,
        long rateLimitWaitMs) {

    public DispatchResult {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    /** A result that did not wait for rate-limit tokens. */
    public DispatchResult(
            Mode mode,
            Outcome outcome,
            List<AwsRequest> requests,
            String awsRequestId,
            String error,
            long durationMs,
            String awsDryRun) {
        this(mode, outcome, requests, awsRequestId, error, durationMs, awsDryRun, 0);
    }

    /** A result without an AWS DryRun verdict. */
    public DispatchResult(
            Mode mode, Outcome outcome, List<AwsRequest> requests, String awsRequestId, String error, long durationMs) {
        this(mode, outcome, requests, awsRequestId, error, durationMs, null);
    }

    /** The same result after {@code ms} spent waiting for rate-limit tokens (counted in {@link #durationMs} already). */
    DispatchResult withRateLimitWait(long ms) {
        return new DispatchResult(mode, outcome, requests, awsRequestId, error, durationMs, awsDryRun, ms);
    }
}
