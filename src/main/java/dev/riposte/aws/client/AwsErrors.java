package dev.riposte.aws.client;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * AWS errors as the audit log shows them: the error code, and {@code Code: message} in one line. Public: actions'
 * executions and the investigation describe failures the same way.
 */
public final class AwsErrors {
    private AwsErrors() {}

    /** AWS's error code, or {@code Unknown} when the answer had none. */
    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "Unknown"
                : e.awsErrorDetails().errorCode();
    }

    /** {@code Code: message} in one line, as the audit log's error field shows it. */
    public static String describe(AwsServiceException e) {
        String message = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        return code(e) + ": " + firstLine(message);
    }

    /** The first line of {@code s}, stripped; empty for null. */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
