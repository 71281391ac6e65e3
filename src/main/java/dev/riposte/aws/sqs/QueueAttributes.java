package dev.riposte.aws.sqs;

/**
 * What the consumer needs to know about its queue. Public: the SQS source reads it.
 *
 * @param visibilityTimeoutSeconds the queue's default visibility timeout
 * @param maxReceiveCount          from the redrive policy; 0 when the queue has no dead-letter queue
 * @param deadLetterTargetArn      from the redrive policy; null when none
 * @param approximateMessages      visible messages
 * @param approximateInFlight      received and neither deleted nor visible again
 */
public record QueueAttributes(
        int visibilityTimeoutSeconds,
        int maxReceiveCount,
        String deadLetterTargetArn,
        long approximateMessages,
        long approximateInFlight) {}
