package dev.riposte.source.sqs;

import dev.riposte.aws.sqs.SqsEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The consumer's configuration. Where to find the queue uses the SmallRye SQS connector's key names under
 * {@code mp.messaging.incoming.events.*} (so a connector configuration works unchanged); how Riposte
 * processes messages is under {@code riposte.sqs.*}.
 *
 * @param endpoint          empty when no queue is configured: then there is no consumer at all
 * @param visibilityTimeout empty to use the queue's own {@code VisibilityTimeout}
 */
record SqsSettings(boolean enabled, Optional<SqsEndpoint> endpoint, int waitTimeSeconds, Optional<Integer> visibilityTimeout,
                   int maxMessages, int concurrency, Duration retryInitialDelay, Duration retryMaxDelay,
                   Duration shutdownGrace, Path quarantineFile) {
    static final String PREFIX = "mp.messaging.incoming.events.";

    SqsSettings {
        check(waitTimeSeconds >= 0 && waitTimeSeconds <= 20, PREFIX + "wait-time-seconds must be 0-20, got " + waitTimeSeconds);
        check(maxMessages >= 1 && maxMessages <= 10, PREFIX + "max-number-of-messages must be 1-10, got " + maxMessages);
        check(concurrency >= 1, "riposte.sqs.concurrency must be at least 1, got " + concurrency);
        visibilityTimeout.ifPresent(v -> check(v >= 1 && v <= 43_200,
                PREFIX + "visibility-timeout must be 1-43200 seconds, got " + v));
        check(!retryInitialDelay.isNegative() && !retryInitialDelay.isZero(), "riposte.sqs.retry.initial-delay must be positive");
        check(retryMaxDelay.compareTo(retryInitialDelay) >= 0, "riposte.sqs.retry.max-delay must be >= riposte.sqs.retry.initial-delay");
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

    static SqsSettings fromConfig(Config c) {
        String connector = c.getOptionalValue(PREFIX + "connector", String.class).orElse("smallrye-sqs");
        if (!connector.equals("smallrye-sqs")) {
            throw new IllegalArgumentException(PREFIX + "connector must be smallrye-sqs (or unset), got " + connector);
        }
        Optional<String> queue = c.getOptionalValue(PREFIX + "queue.url", String.class)
                .or(() -> c.getOptionalValue(PREFIX + "queue", String.class)).filter(s -> !s.isBlank());
        Optional<SqsEndpoint> endpoint = queue.map(q -> new SqsEndpoint(q.strip(),
                text(c, PREFIX + "endpoint-override").map(URI::create),
                text(c, PREFIX + "region"),
                text(c, PREFIX + "credentials-provider")));
        Path stateDir = Path.of(c.getOptionalValue("riposte.state.dir", String.class).orElse("riposte-state"));
        return new SqsSettings(
                c.getOptionalValue(PREFIX + "enabled", Boolean.class).orElse(true),
                endpoint,
                c.getOptionalValue(PREFIX + "wait-time-seconds", Integer.class).orElse(20),
                c.getOptionalValue(PREFIX + "visibility-timeout", Integer.class),
                c.getOptionalValue(PREFIX + "max-number-of-messages", Integer.class).orElse(10),
                c.getOptionalValue("riposte.sqs.concurrency", Integer.class).orElse(4),
                c.getOptionalValue("riposte.sqs.retry.initial-delay", Duration.class).orElse(Duration.ofSeconds(10)),
                c.getOptionalValue("riposte.sqs.retry.max-delay", Duration.class).orElse(Duration.ofMinutes(15)),
                c.getOptionalValue("riposte.sqs.shutdown.grace", Duration.class).orElse(Duration.ofSeconds(25)),
                text(c, "riposte.sqs.quarantine.file").map(Path::of).orElse(stateDir.resolve("sqs-quarantine.jsonl")));
    }

    private static Optional<String> text(Config c, String key) {
        return c.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Visibility delay before retry number {@code receiveCount}: doubling from the initial delay, capped. */
    int retryDelaySeconds(int receiveCount) {
        long initial = Math.max(1, retryInitialDelay.toSeconds());
        int doublings = Math.min(Math.max(receiveCount - 1, 0), 20);
        long delay = Math.min(initial << doublings, Math.min(retryMaxDelay.toSeconds(), 43_200));
        return (int) Math.max(delay, 1);
    }
}
