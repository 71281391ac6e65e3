package dev.riposte.dispatch;

import java.util.List;

/**
 * AWS's own answer to "would this work?" ({@code riposte.dry-run.validate=true}): the mutating calls were
 * sent with {@code DryRun=true}. Public: handlers in {@code aws.action.*} return it.
 *
 * @param verdict      {@code DryRunOperation} when every call would have succeeded, else the first refusal's
 *                     error code ({@code UnauthorizedOperation}, ...) or {@code skipped} when the target is gone
 * @param requests     the calls sent, mutating ones with {@code DryRun: true}
 * @param awsRequestId AWS's request id of the last call
 * @param message      what was refused (operation: AWS message), null when all would succeed
 */
public record AwsDryRun(String verdict, List<AwsRequest> requests, String awsRequestId, String message) {
    public static final String WOULD_SUCCEED = "DryRunOperation";

    public AwsDryRun {
        requests = List.copyOf(requests);
    }

    public boolean wouldSucceed() {
        return WOULD_SUCCEED.equals(verdict);
    }
}
