package dev.riposte.aws.investigate;

import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.Investigator;
import dev.riposte.dispatch.Throttle;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * CDI wiring of the investigation: every {@link InvestigationStep} bean, time-boxed by {@code riposte.investigate.timeout}
 * and cached for {@code riposte.investigate.cache-ttl}, for events of {@code riposte.investigate.sources};
 * {@link Investigator#NONE} when {@code riposte.investigate.enabled=false}. Reads share the actions' rate limits.
 */
@Singleton
class InvestigatorProducer {

    @Produces
    @Singleton
    Investigator investigator(@All List<InvestigationStep> steps, RiposteConfig config, Instance<Throttle> throttle) {
        RiposteConfig.Investigate c = config.investigate();
        return c.enabled()
                ? new AwsInvestigator(steps, c.timeout(), c.cacheTtl())
                        .onlySources(c.sources())
                        .readWait(c.readWait())
                        .throttled(throttle.isResolvable() ? throttle.get() : Throttle.NONE)
                : Investigator.NONE;
    }

    void close(@Disposes Investigator investigator) throws Exception {
        if (investigator instanceof AutoCloseable c) {
            c.close();
        }
    }
}
