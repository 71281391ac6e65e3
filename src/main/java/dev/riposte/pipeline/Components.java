package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditSink;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.RuleSet;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The one place that wires the parts together for the CLI, HTTP ingest and the SQS consumer. */
@ApplicationScoped
public class Components {

    @Inject
    @All
    List<ActionHandler> handlers;

    @Inject
    ObjectMapper json;

    private volatile ActionCatalogue catalogue;
    private volatile Settings settings;
    private final Normalizer normalizer = new Normalizer();

    public Settings settings() {
        if (settings == null) {
            settings = Settings.fromConfig();
        }
        return settings;
    }

    public ActionCatalogue catalogue() {
        if (catalogue == null) {
            catalogue = new ActionCatalogue(handlers);
        }
        return catalogue;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public ObjectMapper json() {
        return json;
    }

    /** A pipeline over {@code rules}; {@code dryRun} is forced true for replay and test whatever the config says. */
    public Pipeline pipeline(RuleSet rules, AuditSink audit, boolean pseudoClock, boolean dryRun) {
        Dispatcher dispatcher = new Dispatcher(catalogue(),
                new Dispatcher.DispatchSettings(dryRun, settings().dryRunValidate()));
        return new Pipeline(normalizer, rules, dispatcher, audit, pseudoClock, dryRun);
    }
}
