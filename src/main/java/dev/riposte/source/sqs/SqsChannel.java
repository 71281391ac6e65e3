package dev.riposte.source.sqs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * Where the queue is, under the SmallRye SQS connector's key names ({@code mp.messaging.incoming.events.*}), so a
 * connector configuration works unchanged. How Riposte processes the messages is under {@code riposte.sqs.*}.
 */
@ConfigMapping(prefix = "mp.messaging.incoming.events")
public interface SqsChannel {

    /** Only {@code smallrye-sqs}: the connector whose key names these are. */
    @WithDefault("smallrye-sqs")
    String connector();

    /** False for every command but {@code serve}. */
    @WithDefault("true")
    boolean enabled();

    /** The queue's name or URL ({@code queue.url} wins). */
    Optional<String> queue();

    @WithName("queue.url")
    Optional<String> queueUrl();

    Optional<String> endpointOverride();

    Optional<String> region();

    Optional<String> credentialsProvider();

    @WithDefault("20")
    int waitTimeSeconds();

    /** Empty: the queue's own {@code VisibilityTimeout}. */
    Optional<Integer> visibilityTimeout();

    @WithDefault("10")
    int maxNumberOfMessages();
}
