package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditSink;
import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Investigator;
import dev.riposte.dispatch.Throttle;
import dev.riposte.normalize.Normalizer;
import dev.riposte.playbook.PlaybookLibrary;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.playbook.run.CatalogueActionRules;
import dev.riposte.rules.RuleSet;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The composition root: the one place that wires the parts together for the CLI, HTTP ingest and the SQS consumer,
 * from the typed configuration ({@link RiposteConfig}). Dispatchers are built here, not produced as beans: each
 * pipeline's dispatcher has its own dry-run flag (replay and {@code riposte test} force it) and checks.
 */
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
    Approvals approvals;

    @Inject
    Instance<Investigator> investigator;

    @Inject
    Instance<Throttle> throttle;

    @Inject
    RiposteConfig config;

    private volatile PlaybookLibrary playbooks;
    private final Normalizer normalizer = new Normalizer();

    /** The {@code riposte.*} configuration. */
    public RiposteConfig config() {
        return config;
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

    /** {@code riposte.playbooks.dir}: replaces the built-in playbooks when set. */
    public Optional<Path> playbooksDir() {
        return config.playbooks().dir();
    }

    /** The playbooks (built-in or {@code riposte.playbooks.dir}), checked against the catalogue; {@code serve} starts its hot reload. */
    public synchronized PlaybookLibrary playbooks() {
        if (playbooks == null) {
            playbooks = new PlaybookLibrary(
                    playbooksDir().orElse(null),
                    new CatalogueActionRules(catalogue),
                    config.rules().pollInterval());
        }
        return playbooks;
    }

    /** Steps waiting for approval, shared by the service's pipeline and the admin API. */
    public Approvals approvals() {
        return approvals;
    }

    /**
     * The AWS investigation for {@code serve} (its own {@code riposte.investigate.enabled} switch); none when no implementation is
     * deployed.
     */
    public Investigator investigator() {
        return investigator.isResolvable() ? investigator.get() : Investigator.NONE;
    }

    /** Investigation reports to {@code riposte.reports.dir} (default {@code riposte-reports/}). */
    public InvestigationReports reports() {
        return new InvestigationReports(config.reports().dir());
    }

    /** The rate limits ({@code riposte.rate-limit.*}) for everything that calls AWS; none when no implementation is deployed. */
    public Throttle throttle() {
        return throttle.isResolvable() ? throttle.get() : Throttle.NONE;
    }

    /** A pipeline over {@code rules}; {@code dryRun} is forced true for replay and test whatever the config says. */
    public PipelineBuilder pipeline(RuleSet rules, AuditSink audit, boolean pseudoClock, boolean dryRun) {
        return pipeline(rules, audit, pseudoClock, dryRun, checks);
    }

    /** The same with other dispatch checks (a test case's own guard rails, see {@link #checks()}). */
    public PipelineBuilder pipeline(
            RuleSet rules, AuditSink audit, boolean pseudoClock, boolean dryRun, List<DispatchCheck> checks) {
        PlaybookLibrary library = playbooks();
        return Pipeline.builder(normalizer, rules, dispatcher(dryRun, checks), audit, pseudoClock, dryRun)
                .playbooks(library::current)
                .approvals(approvals);
    }

    /** A dispatcher over every action, with {@code riposte.dry-run.validate}, the rate limits and {@code checks}. */
    public Dispatcher dispatcher(boolean dryRun, List<DispatchCheck> checks) {
        return new Dispatcher(catalogue, new DispatchSettings(dryRun, config.dryRunValidate()), checks, throttle());
    }
}
