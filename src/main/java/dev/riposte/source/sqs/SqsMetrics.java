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
        received = Counter.builder("riposte.sqs.received")
                .description("SQS messages received")
                .register(registry);
        processed = Counter.builder("riposte.sqs.processed")
                .description("SQS messages processed, audited and deleted")
                .register(registry);
        failed = Counter.builder("riposte.sqs.failed")
                .description("SQS message processing failures (retried later)")
                .register(registry);
        quarantined = Counter.builder("riposte.sqs.quarantined")
                .description("malformed SQS messages quarantined")
                .register(registry);
        deferred = Counter.builder("riposte.sqs.deferred")
                .description("SQS messages kept for later because a command was rate-limited")
                .register(registry);
        receiveErrors = Counter.builder("riposte.sqs.receive.errors")
                .description("failed SQS receive calls")
                .register(registry);
        visibilityExtended = Counter.builder("riposte.sqs.visibility.extended")
                .description("visibility extensions of messages still being processed")
                .register(registry);
        Gauge.builder("riposte.sqs.in.flight", inFlight)
                .description("SQS messages received and not yet finished")
                .register(registry);
        latency = Timer.builder("riposte.sqs.latency")
                .description("from SQS send to the message's deletion")
                .register(registry);
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
