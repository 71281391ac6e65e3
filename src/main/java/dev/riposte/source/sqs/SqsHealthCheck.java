package dev.riposte.source.sqs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@code sqs}: down while the queue cannot be reached (the consumer keeps retrying on its own),
 * up when the last call to SQS worked, and up with {@code consuming=false} when no queue is configured or this
 * replica stands by ({@code standby=true}: it consumes once it owns the rules, and is ready to take them over).
 */
@Readiness
@ApplicationScoped
class SqsHealthCheck implements HealthCheck {

    @Inject
    SqsService service;

    @Override
    public HealthCheckResponse call() {
        Optional<SqsConsumer.Status> status = service.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("sqs");
        if (status.isEmpty()) {
            return b.up().withData("consuming", false).build();
        }
        if (service.standingBy()) {
            // ready to take over; down here would have the container health check replace every standby
            return b.up().withData("consuming", false).withData("standby", true).build();
        }
        SqsConsumer.Status s = status.get();
        b.status(s.connected())
                .withData("consuming", true)
                .withData("inFlight", s.inFlight())
                .withData("since", s.since().toString());
        if (s.lastError() != null) {
            b.withData("error", s.lastError());
        }
        return b.build();
    }
}
