package dev.riposte.dispatch;

import java.util.List;

/** What a live execution did: outcome ({@code succeeded|failed|skipped}), the requests sent, AWS's request id. */
public record ExecutionResult(String outcome, List<AwsRequest> requests, String awsRequestId, String error) {

    public ExecutionResult {
        requests = List.copyOf(requests);
    }

    public static ExecutionResult succeeded(List<AwsRequest> requests, String awsRequestId) {
        return new ExecutionResult("succeeded", requests, awsRequestId, null);
    }

    public static ExecutionResult skipped(String why, List<AwsRequest> requests) {
        return new ExecutionResult("skipped", requests, null, why);
    }

    public static ExecutionResult failed(String error, List<AwsRequest> requests) {
        return new ExecutionResult("failed", requests, null, error);
    }
}
