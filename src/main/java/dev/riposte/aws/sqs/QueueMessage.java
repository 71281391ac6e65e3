package dev.riposte.aws.sqs;

import java.time.Instant;

/**
 * One received SQS message, reduced to what the consumer needs. The body is the raw text: no
 * sender-controlled attribute picks how it is decoded. Public: the SQS source consumes it.
 *
 * @param receiveCount {@code ApproximateReceiveCount}: 1 on the first delivery
 * @param sentAt       {@code SentTimestamp}, for the end-to-end latency; null when SQS did not say
 */
public record QueueMessage(String id, String receiptHandle, String body, int receiveCount, Instant sentAt) {}
