package dev.riposte.aws.json;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * When and how long to wait before trying a JSON call again: the SDK's STANDARD retry mode (3 attempts in all; throttling
 * backs off from 1 s, other transient errors from 100 ms, exponentially with full jitter, at most 20 s). Retried are
 * throttling codes and other retryable codes (as the SDK lists them), HTTP 429 and 5xx, and I/O failures. {@code
 * WAFUnavailableEntityException} is
 * not retried: WAF says a just-created resource can take minutes to become usable, far beyond three quick attempts.
 */
final class RetryPolicy {
    static final int MAX_ATTEMPTS = 3;
    static final Duration THROTTLING_BASE = Duration.ofSeconds(1);
    static final Duration TRANSIENT_BASE = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(20);

    /** The SDK's throttling error codes (AwsErrorCode), which every JSON service may answer. */
    static final Set<String> THROTTLING = Set.of(
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "TooManyRequestsException",
            "ProvisionedThroughputExceededException",
            "TransactionInProgressException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "RequestThrottled",
            "SlowDown",
            "EC2ThrottledException");

    /** The SDK's other retryable codes (AwsErrorCode), which may come with a 4xx status; 5xx is retried anyway. */
    static final Set<String> TRANSIENT =
            Set.of("PriorRequestNotComplete", "RequestTimeout", "RequestTimeoutException", "InternalError");

    private RetryPolicy() {}

    static boolean throttling(AwsServiceException e) {
        return e.statusCode() == 429 || THROTTLING.contains(code(e));
    }

    static boolean retryable(AwsServiceException e) {
        return throttling(e) || e.statusCode() >= 500 || TRANSIENT.contains(code(e));
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    static Duration delay(int attempt, boolean throttling) {
        Duration base = throttling ? THROTTLING_BASE : TRANSIENT_BASE;
        long ceiling = Math.min(MAX_DELAY.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
