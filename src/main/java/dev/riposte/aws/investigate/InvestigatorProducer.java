package dev.riposte.aws.investigate;

import dev.riposte.dispatch.Investigator;
import dev.riposte.dispatch.Throttle;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CDI wiring of the investigation: every {@link InvestigationStep} bean, time-boxed by {@code riposte.investigate.timeout}
 * and cached for {@code riposte.investigate.cache-ttl}, for events of {@code riposte.investigate.sources};
 * {@link Investigator#NONE} when {@code riposte.investigate.enabled=false}. Reads share the actions' rate limits.
 */
@Singleton
class InvestigatorProducer {

    @Produces
    @Singleton
    Investigator investigator(@All List<InvestigationStep> steps,
                              @ConfigProperty(name = "riposte.investigate.enabled", defaultValue = "true") boolean enabled,
                              @ConfigProperty(name = "riposte.investigate.timeout", defaultValue = "10s") Duration timeout,
                              @ConfigProperty(name = "riposte.investigate.cache-ttl", defaultValue = "5m") Duration cacheTtl,
                              @ConfigProperty(name = "riposte.investigate.read-wait", defaultValue = "250ms") Duration readWait,
                              @ConfigProperty(name = "riposte.investigate.sources", defaultValue = "guardduty,securityhub")
                              Set<String> sources, Instance<Throttle> throttle) {
        return enabled ? new AwsInvestigator(steps, timeout, cacheTtl).onlySources(sources).readWait(readWait)
                .throttled(throttle.isResolvable() ? throttle.get() : Throttle.NONE) : Investigator.NONE;
    }

    void close(@Disposes Investigator investigator) throws Exception {
        if (investigator instanceof AutoCloseable c) {
            c.close();
        }
    }
}
