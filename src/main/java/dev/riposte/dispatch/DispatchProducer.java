package dev.riposte.dispatch;

import io.quarkus.arc.All;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * CDI wiring: the catalogue holds every {@link ActionHandler} bean. Dispatchers are not beans: the composition root
 * ({@code pipeline.Components}) builds each pipeline's own.
 */
@Singleton
class DispatchProducer {

    @Produces
    @Singleton
    ActionCatalogue catalogue(@All List<ActionHandler> handlers) {
        return new ActionCatalogue(handlers);
    }
}
