package dev.riposte.pipeline;

import dev.riposte.audit.JsonlAuditSink;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.config.RiposteConfig;
import dev.riposte.rules.RuleEngine;
import dev.riposte.rules.RuleMode;
import dev.riposte.rules.RuleSetStatus;
import dev.riposte.state.StateBackend;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The long-running side of {@code riposte serve}: a real-time pipeline whose rules hot-reload from
 * {@code riposte.rules.dir}. HTTP ingest and the SQS consumer hand their events to {@link #pipeline()}.
 */
@ApplicationScoped
public class LiveService {
    private static final Logger LOG = Logger.getLogger(LiveService.class);

    @Inject
    Components components;

    @Inject
    RulesOwnership ownership;

    @Inject
    MeterRegistry metrics;

    @Inject
    StateBackend state;

    @Inject
    AwsClients aws;

    @Inject
    @All
    List<DecisionListener> listeners;

    /** Not a {@code riposte.*} key: where {@code POST /events} listens decides whether live mode may run without a token. */
    @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0")
    String httpHost;

    private volatile RuleEngine engine;
    private volatile Pipeline pipeline;
    private volatile ScheduledExecutorService timers; // approvals and the rules' tick
    /** How often the rules run without an event, for rules that fire as time passes. */
    static final long TICK_MILLIS = 1000;

    /**
     * Refuses live mode with unauthenticated ingest on a reachable address ({@link IngestExposure}), then loads the rules
     * (failing fast when the first rule set is broken) and starts watching them. */
    public synchronized void start() {
        start(Optional.empty());
    }

    /** The same with the rules from {@code rulesDir} when given ({@code serve --rules}) instead of {@code riposte.rules.dir}. */
    public synchronized void start(Optional<Path> rulesDir) {
        if (pipeline != null) {
            return;
        }
        RiposteConfig config = components.config();
        JournalSettings journal = JournalSettings.of(config.journal());
        Optional<Path> rules = rulesDir.or(() -> config.rules().dir());
        IngestExposure exposure = IngestExposure.from(config.ingest(), httpHost, config.dryRun());
        exposure.refusal().ifPresent(reason -> {
            throw new IllegalStateException("refusing to start: " + reason);
        });
        exposure.warning().ifPresent(LOG::warn);
        RuleEngine e = RuleLoading.mode(config.rules()) == RuleMode.FROZEN
                ? RuleLoading.frozenEngine(rules, components.catalogue())
                : new RuleEngine(
                        rules.orElse(null),
                        config.rules().eventExpiry(),
                        config.rules().pollInterval(),
                        files -> RuleLoading.checkActions(files, components.catalogue()));
        Pipeline p = components
                .pipeline(
                        e.current(),
                        new JsonlAuditSink(config.audit().file(), components.json()),
                        false,
                        config.dryRun())
                .listening(listeners)
                .investigating(components.investigator(), components.reports())
                .journaling(journal.enabled() ? state.journal() : null, journal.maxEntries())
                .fencedBy(ownership::confirmed)
                .owning(ownership::owner)
                .build();
        aws.fenceWith(ownership::confirmed); // a replica that lost the lease mid-action sends nothing more
        e.onSwap(next -> {
            // the owner (also while its takeover's warm-up runs) warms the new session from the journal; a standby runs
            // none
            p.useRules(next, ownership.ownerSince() != null);
            LOG.infof(
                    "rule set %s active (%d rules)",
                    next.version(), next.ruleNames().size());
        });
        // the session carries on the windows open before the restart, or the previous owner's, before any live event
        ownership.onTakeover(p::warmUp);
        if (ownership.owner()) {
            p.warmUp();
        }
        e.start();
        components.playbooks().start();
        ownership.start();
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riposte-timers");
            t.setDaemon(true);
            return t;
        });
        // the owner carries out the steps approved or rejected on any replica, and skips those whose time ran out (a
        // step
        // nobody decided on), their runs going on; a standby's pipeline does nothing here
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        p.carryOutApprovals();
                    } catch (RuntimeException ex) {
                        LOG.warn("carrying out approvals failed", ex);
                    }
                },
                TICK_MILLIS,
                TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        // rules that fire as time passes ("not followed by ... within 5m") act when their time comes, not with the next
        // event
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (ownership.owner()) { // a standby's session sees no events and must not fire
                            p.tick();
                        }
                    } catch (RuntimeException ex) {
                        LOG.warn("rule timer tick failed", ex);
                    }
                },
                TICK_MILLIS,
                TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        FunctionCounter.builder("riposte.rules.reloads", e, x -> x.status().reloadsOk())
                .tag("result", "success")
                .description("rule set reloads")
                .register(metrics);
        FunctionCounter.builder("riposte.rules.reloads", e, x -> x.status().reloadsFailed())
                .tag("result", "failure")
                .description("rule set reloads")
                .register(metrics);
        Gauge.builder(
                        "riposte.rules.last.reload.failed",
                        e,
                        x -> x.status().lastErrors().isEmpty() ? 0 : 1)
                .description("1 while the newest rule files are rejected and the last good set runs")
                .register(metrics);
        engine = e;
        pipeline = p;
        LOG.infof(
                "riposte serving: rules %s from %s, %s, audit to %s",
                e.current().version(),
                rules.map(Object::toString).orElse("built-in"),
                config.dryRun() ? "DRY-RUN" : "LIVE",
                config.audit().file());
    }

    public boolean started() {
        return pipeline != null;
    }

    public Pipeline pipeline() {
        if (pipeline == null) {
            throw new IllegalStateException("riposte is not serving");
        }
        return pipeline;
    }

    public RuleSetStatus rulesStatus() {
        return engine.status();
    }

    /** Which replica owns the rules, and whether it is this one. */
    public RulesOwnership ownership() {
        return ownership;
    }

    public RuleEngine engine() {
        return engine;
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timers != null) {
            timers.shutdownNow();
        }
        if (pipeline != null) {
            components.playbooks().close();
        }
        if (engine != null) {
            engine.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
