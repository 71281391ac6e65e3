package dev.riposte.aws.sqs;

import java.util.List;
import java.util.Map;

/**
 * The few SQS operations the consumer uses, on one queue. An interface so that tests can stand
 * between the consumer and the queue (to simulate a crash before a delete). Public: the SQS source uses it.
 * Every method throws {@link SqsUnavailableException} when SQS cannot be reached or refuses.
 */
public interface SqsQueue extends AutoCloseable {

    /** Long-polls for up to {@code max} (1-10) messages; {@code visibilityTimeout} null keeps the queue's default. */
    List<QueueMessage> receive(int max, int waitSeconds, Integer visibilityTimeout);

    /** Deletes up to 10 messages in one call; returns those SQS did not delete, with its reason. */
    Map<QueueMessage, String> deleteBatch(List<QueueMessage> messages);

    /** Hides the message for {@code seconds} from now (0 makes it visible again at once). */
    void changeVisibility(QueueMessage message, int seconds);

    QueueAttributes attributes();

    /** The queue's URL (resolved from its name on first use). */
    String url();

    @Override
    void close();
}
