package dev.riposte.metrics;

import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.pipeline.DecisionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Prometheus metrics of what {@code serve} decides (names as Prometheus shows them):
 * <ul>
 * <li>{@code riposte_events_total{source}}: facts evaluated, by source; rejected input counts under {@code source="rejected"}</li>
 * <li>{@code riposte_rules_fired_total{rule}}: rule firings, by rule name</li>
 * <li>{@code riposte_commands_total{action,outcome,mode}}: commands handled, by action, outcome and mode</li>
 * <li>{@code riposte_decisions_total{outcome}}: audit records, by outcome (no-match and rejected included)</li>
 * <li>{@code riposte_event_processing_seconds{source}}: time from rules to the last audit record of one fact</li>
 * <li>{@code riposte_command_duration_seconds{action,outcome}}: time the dispatcher spent on one command</li>
 * </ul>
 * Tags come from the rule set and the action catalogue, so their number stays bounded.
 */
@ApplicationScoped
class DecisionMetrics implements DecisionListener {
    static final String UNKNOWN = "unknown";
    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;

    @Inject
    DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void evaluated(SecurityEvent event, List<String> rulesFired, long nanos) {
        String source = tag(event.source());
        Counter.builder("riposte.events")
                .description("security events evaluated by the rules, by source")
                .tag("source", source)
                .register(registry)
                .increment();
        for (String rule : rulesFired) {
            Counter.builder("riposte.rules.fired")
                    .description("rule firings, by rule")
                    .tag("rule", tag(rule))
                    .register(registry)
                    .increment();
        }
        Timer.builder("riposte.event.processing")
                .description("rules, dispatch and audit of one event")
                .tag("source", source)
                .publishPercentiles(PERCENTILES)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    @Override
    public void decided(AuditRecord r) {
        Counter.builder("riposte.decisions")
                .description("audit records written, by outcome")
                .tag("outcome", tag(r.outcome()))
                .register(registry)
                .increment();
        if (r.outcome() == Outcome.REJECTED) {
            Counter.builder("riposte.events")
                    .description("security events evaluated by the rules, by source")
                    .tag("source", "rejected")
                    .register(registry)
                    .increment();
        }
        if (r.action() == null) {
            return;
        }
        String action = tag(r.action());
        String outcome = tag(r.outcome());
        Counter.builder("riposte.commands")
                .description("commands handled, by action, outcome and mode")
                .tag("action", action)
                .tag("outcome", outcome)
                .tag("mode", tag(r.mode()))
                .register(registry)
                .increment();
        Timer.builder("riposte.command.duration")
                .description("dispatcher time for one command")
                .tag("action", action)
                .tag("outcome", outcome)
                .publishPercentiles(PERCENTILES)
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, r.durationMs())));
    }

    private static String tag(Object value) {
        return value == null ? UNKNOWN : tag(value.toString());
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
