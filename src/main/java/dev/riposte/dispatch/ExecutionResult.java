package dev.riposte.dispatch;

import dev.riposte.decision.Outcome;
import java.util.List;

/** What a live execution did: outcome ({@code succeeded|failed|skipped}), the requests sent, AWS's request id. */
public record ExecutionResult(Outcome outcome, List<AwsRequest> requests, String awsRequestId, String error) {

    public ExecutionResult {
        requests = List.copyOf(requests);
    }

    public static ExecutionResult succeeded(List<AwsRequest> requests, String awsRequestId) {
        return new ExecutionResult(Outcome.SUCCEEDED, requests, awsRequestId, null);
    }

    public static ExecutionResult skipped(String why, List<AwsRequest> requests) {
        return new ExecutionResult(Outcome.SKIPPED, requests, null, why);
    }

    public static ExecutionResult failed(String error, List<AwsRequest> requests) {
        return new ExecutionResult(Outcome.FAILED, requests, null, error);
    }
}
