package dev.riposte.dispatch;

import io.quarkus.arc.All;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CDI wiring: the catalogue holds every {@link ActionHandler} bean; the dispatcher reads {@code riposte.dry-run*} and
 * takes the {@link Throttle} when one is deployed.
 */
@Singleton
class DispatchProducer {

    @Produces
    @Singleton
    ActionCatalogue catalogue(@All List<ActionHandler> handlers) {
        return new ActionCatalogue(handlers);
    }

    @Produces
    @Singleton
    DispatchSettings settings(@ConfigProperty(name = "riposte.dry-run", defaultValue = "true") boolean dryRun,
                              @ConfigProperty(name = "riposte.dry-run.validate", defaultValue = "false") boolean validate) {
        return new DispatchSettings(dryRun, validate);
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(ActionCatalogue catalogue, DispatchSettings settings, @All List<DispatchCheck> checks,
                          Instance<Throttle> throttle) {
        return new Dispatcher(catalogue, settings, checks, throttle.isResolvable() ? throttle.get() : Throttle.NONE);
    }
}
