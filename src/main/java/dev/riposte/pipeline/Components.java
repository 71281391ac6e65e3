package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditSink;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Investigator;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.RuleSet;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;

/** The one place that wires the parts together for the CLI, HTTP ingest and the SQS consumer. */
@ApplicationScoped
public class Components {

    @Inject
    ActionCatalogue catalogue;

    @Inject
    @All
    List<DispatchCheck> checks;

    @Inject
    ObjectMapper json;

    @Inject
    Instance<Investigator> investigator;

    private volatile Settings settings;
    private final Normalizer normalizer = new Normalizer();

    public Settings settings() {
        if (settings == null) {
            settings = Settings.fromConfig();
        }
        return settings;
    }

    public ActionCatalogue catalogue() {
        return catalogue;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public ObjectMapper json() {
        return json;
    }

    /** The dispatch checks (guard rails, idempotency, rate limits...) every pipeline runs; replay builds its own dispatcher with them. */
    public List<DispatchCheck> checks() {
        return List.copyOf(checks);
    }

    /** The AWS investigation for {@code serve} (its own {@code riposte.investigate.enabled} switch); none when no implementation is deployed. */
    public Investigator investigator() {
        return investigator.isResolvable() ? investigator.get() : Investigator.NONE;
    }

    /** Investigation reports to {@code riposte.reports.dir} (default {@code riposte-reports/}). */
    public InvestigationReports reports() {
        return new InvestigationReports(Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("riposte.reports.dir", String.class).filter(s -> !s.isBlank()).orElse("riposte-reports")));
    }

    /** A pipeline over {@code rules}; {@code dryRun} is forced true for replay and test whatever the config says. */
    public Pipeline pipeline(RuleSet rules, AuditSink audit, boolean pseudoClock, boolean dryRun) {
        Dispatcher dispatcher = new Dispatcher(catalogue, new DispatchSettings(dryRun, settings().dryRunValidate()), checks);
        return new Pipeline(normalizer, rules, dispatcher, audit, pseudoClock, dryRun);
    }
}
