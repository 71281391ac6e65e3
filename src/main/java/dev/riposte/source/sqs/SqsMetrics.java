package dev.riposte.source.sqs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** The consumer's meters ({@code riposte.sqs.*}, Prometheus {@code riposte_sqs_*} at /q/metrics). */
final class SqsMetrics {
    final Counter received;
    final Counter processed;
    final Counter failed;
    final Counter quarantined;
    final Counter deferred;
    final Counter receiveErrors;
    final Counter visibilityExtended;
    private final Timer latency;

    SqsMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        received = counter(registry, "riposte.sqs.received", "SQS messages received");
        processed = counter(registry, "riposte.sqs.processed", "SQS messages processed, audited and deleted");
        failed = counter(registry, "riposte.sqs.failed", "SQS message processing failures (retried later)");
        quarantined = counter(registry, "riposte.sqs.quarantined", "malformed SQS messages quarantined");
        deferred = counter(
                registry, "riposte.sqs.deferred", "SQS messages kept for later because a command was rate-limited");
        receiveErrors = counter(registry, "riposte.sqs.receive.errors", "failed SQS receive calls");
        visibilityExtended = counter(
                registry, "riposte.sqs.visibility.extended", "visibility extensions of messages still being processed");
        Gauge.builder("riposte.sqs.in.flight", inFlight)
                .description("SQS messages received and not yet finished")
                .register(registry);
        latency = Timer.builder("riposte.sqs.latency")
                .description("from SQS send to the message's deletion")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void latency(Duration d) {
        if (!d.isNegative()) {
            latency.record(d);
        }
    }

    Timer latencyTimer() {
        return latency;
    }
}
