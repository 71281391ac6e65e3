package dev.riposte.dispatch;

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
 */
public record DispatchResult(String mode, String outcome, List<AwsRequest> requests, String awsRequestId, String error,
                             long durationMs, String awsDryRun) {

    public DispatchResult {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    /** A result without an AWS DryRun verdict. */
    public DispatchResult(String mode, String outcome, List<AwsRequest> requests, String awsRequestId, String error,
                          long durationMs) {
        this(mode, outcome, requests, awsRequestId, error, durationMs, null);
    }
}
