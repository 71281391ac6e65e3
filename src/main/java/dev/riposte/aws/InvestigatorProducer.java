package dev.riposte.aws;

import dev.riposte.dispatch.Investigator;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CDI wiring of the investigation: every {@link InvestigationStep} bean, time-boxed by {@code riposte.investigate.timeout}
 * and cached for {@code riposte.investigate.cache-ttl}; {@link Investigator#NONE} when {@code riposte.investigate.enabled=false}.
 */
@Singleton
class InvestigatorProducer {

    @Produces
    @Singleton
    Investigator investigator(@All List<InvestigationStep> steps,
                              @ConfigProperty(name = "riposte.investigate.enabled", defaultValue = "true") boolean enabled,
                              @ConfigProperty(name = "riposte.investigate.timeout", defaultValue = "10s") Duration timeout,
                              @ConfigProperty(name = "riposte.investigate.cache-ttl", defaultValue = "5m") Duration cacheTtl) {
        return enabled ? new AwsInvestigator(steps, timeout, cacheTtl) : Investigator.NONE;
    }

    void close(@Disposes Investigator investigator) throws Exception {
        if (investigator instanceof AutoCloseable c) {
            c.close();
        }
    }
}
