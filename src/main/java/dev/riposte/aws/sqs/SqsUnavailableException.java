package dev.riposte.aws.sqs;

/** SQS could not be reached or refused a call; the message is AWS's, on one line. Public: the SQS source catches it. */
public class SqsUnavailableException extends RuntimeException {

    public SqsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
