package dev.riposte.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecisionMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DecisionMetrics metrics = new DecisionMetrics(registry);

    static SecurityEvent event(String source) {
        return Events.event(source, "T").id("e-1").build();
    }

    static AuditRecord record(String action, Outcome outcome, Mode mode, long ms) {
        return AuditRecord.builder()
                .time("t")
                .eventId("e-1")
                .eventTime("t")
                .source("guardduty")
                .type("T")
                .account("111122223333")
                .region("us-east-1")
                .rule(action == null ? null : "r")
                .rulesVersion("v1")
                .action(action)
                .target("i-1")
                .params(Map.of())
                .mode(mode)
                .outcome(outcome)
                .requests(List.of())
                .durationMs(ms)
                .input("http")
                .build();
    }

    double count(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void countsEventsBySourceAndFiringsByRule() {
        metrics.evaluated(event("guardduty"), List.of("a", "b"), 2_000_000);
        metrics.evaluated(event("guardduty"), List.of("a"), 4_000_000);
        metrics.evaluated(event("cloudtrail"), List.of(), 1_000_000);

        assertThat(count("riposte.events", "source", "guardduty")).isEqualTo(2);
        assertThat(count("riposte.events", "source", "cloudtrail")).isEqualTo(1);
        assertThat(count("riposte.rules.fired", "rule", "a")).isEqualTo(2);
        assertThat(count("riposte.rules.fired", "rule", "b")).isEqualTo(1);
        var timer = registry.find("riposte.event.processing")
                .tags("source", "guardduty")
                .timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    }

    @Test
    void countsCommandsByActionOutcomeAndModeAndDecisionsByOutcome() {
        metrics.decided(record("ec2:isolate-instance", Outcome.PLANNED, Mode.DRY_RUN, 3));
        metrics.decided(record("ec2:isolate-instance", Outcome.PLANNED, Mode.DRY_RUN, 5));
        metrics.decided(record("ec2:isolate-instance", Outcome.FAILED, Mode.LIVE, 7));
        metrics.decided(record(null, Outcome.NO_MATCH, Mode.DRY_RUN, 0));
        metrics.decided(record(null, Outcome.REJECTED, null, 0));

        assertThat(count("riposte.commands", "action", "ec2:isolate-instance", "outcome", "planned", "mode", "dry-run"))
                .isEqualTo(2);
        assertThat(count("riposte.commands", "action", "ec2:isolate-instance", "outcome", "failed", "mode", "live"))
                .isEqualTo(1);
        assertThat(registry.find("riposte.commands").counters()).hasSize(2);
        assertThat(count("riposte.decisions", "outcome", "no-match")).isEqualTo(1);
        assertThat(count("riposte.decisions", "outcome", "rejected")).isEqualTo(1);
        assertThat(count("riposte.events", "source", "rejected")).isEqualTo(1);
        assertThat(registry.find("riposte.command.duration")
                        .tags("outcome", "planned")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(8.0);
    }
}
