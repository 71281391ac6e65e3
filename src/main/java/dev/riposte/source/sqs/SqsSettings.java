package dev.riposte.source.sqs;

import dev.riposte.aws.sqs.SqsEndpoint;
import dev.riposte.config.RiposteConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The consumer's configuration. Where to find the queue uses the SmallRye SQS connector's key names under
 * {@code mp.messaging.incoming.events.*} (so a connector configuration works unchanged); how Riposte
 * processes messages is under {@code riposte.sqs.*}.
 *
 * @param endpoint          empty when no queue is configured: then there is no consumer at all
 * @param visibilityTimeout empty to use the queue's own {@code VisibilityTimeout}
 */
record SqsSettings(
        boolean enabled,
        Optional<SqsEndpoint> endpoint,
        int waitTimeSeconds,
        Optional<Integer> visibilityTimeout,
        int maxMessages,
        int concurrency,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        Duration shutdownGrace,
        Path quarantineFile) {
    static final String PREFIX = "mp.messaging.incoming.events.";

    SqsSettings {
        check(
                waitTimeSeconds >= 0 && waitTimeSeconds <= 20,
                PREFIX + "wait-time-seconds must be 0-20, got " + waitTimeSeconds);
        check(
                maxMessages >= 1 && maxMessages <= 10,
                PREFIX + "max-number-of-messages must be 1-10, got " + maxMessages);
        check(concurrency >= 1, "riposte.sqs.concurrency must be at least 1, got " + concurrency);
        visibilityTimeout.ifPresent(
                v -> check(v >= 1 && v <= 43_200, PREFIX + "visibility-timeout must be 1-43200 seconds, got " + v));
        check(
                !retryInitialDelay.isNegative() && !retryInitialDelay.isZero(),
                "riposte.sqs.retry.initial-delay must be positive");
        check(
                retryMaxDelay.compareTo(retryInitialDelay) >= 0,
                "riposte.sqs.retry.max-delay must be >= riposte.sqs.retry.initial-delay");
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Whether a consumer runs: a queue is configured and the channel is not switched off (non-serve commands). */
    boolean active() {
        return enabled && endpoint.isPresent();
    }

    static SqsSettings of(SqsChannel channel, RiposteConfig config) {
        if (!channel.connector().equals("smallrye-sqs")) {
            throw new IllegalArgumentException(
                    PREFIX + "connector must be smallrye-sqs (or unset), got " + channel.connector());
        }
        Optional<String> queue = text(channel.queueUrl()).or(() -> text(channel.queue()));
        Optional<SqsEndpoint> endpoint = queue.map(q -> new SqsEndpoint(
                q,
                text(channel.endpointOverride()).map(URI::create),
                text(channel.region()),
                text(channel.credentialsProvider())));
        RiposteConfig.Sqs sqs = config.sqs();
        return new SqsSettings(
                channel.enabled(),
                endpoint,
                channel.waitTimeSeconds(),
                channel.visibilityTimeout(),
                channel.maxNumberOfMessages(),
                sqs.concurrency(),
                sqs.retry().initialDelay(),
                sqs.retry().maxDelay(),
                sqs.shutdown().grace(),
                sqs.quarantine().file().orElse(config.state().dir().resolve("sqs-quarantine.jsonl")));
    }

    private static Optional<String> text(Optional<String> value) {
        return value.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Visibility delay before retry number {@code receiveCount}: doubling from the initial delay, capped. */
    int retryDelaySeconds(int receiveCount) {
        long initial = Math.max(1, retryInitialDelay.toSeconds());
        int doublings = Math.min(Math.max(receiveCount - 1, 0), 20);
        long delay = Math.min(initial << doublings, Math.min(retryMaxDelay.toSeconds(), 43_200));
        return (int) Math.max(delay, 1);
    }
}
