package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.TestRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rules that fire as time passes ("stopped and not restarted within the window"): the decision is audited against the
 * event the rule matched, not the one whose evaluation happened to be running, and the live service's tick fires it
 * when its time comes, without waiting for another event.
 */
class TimedFiringsTest {
    private static final String ACCOUNT = "111122223333";

    static String rules(String window) {
        return """
                package rules.custom

                import dev.riposte.fact.SecurityEvent
                import dev.riposte.command.ActionCommand

                rule "stopped and not restarted"
                when
                    $e : SecurityEvent(type == "StopLogging")
                    not SecurityEvent(type == "StartLogging", this after[0s, %s] $e)
                then
                    insert(ActionCommand.of("test:record-mdc", $e.id()));
                end
                """.formatted(window);
    }

    final PipelineListenerTest.MdcProbe probe = new PipelineListenerTest.MdcProbe();

    Pipeline pipeline(String window, boolean pseudoClock, DispatchCheck... checks) {
        CompileResult compiled =
                TestRules.compile(List.of(new RuleFile("custom/timed.drl", rules(window))), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Dispatcher dispatcher =
                new Dispatcher(new ActionCatalogue(List.of(probe)), DispatchSettings.defaults(), List.of(checks));
        return new Pipeline(new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), pseudoClock, true);
    }

    static Normalized event(String id, String name, Instant time) {
        return new Normalized(
                Events.cloudTrail(name)
                        .id(id)
                        .at(time)
                        .account(ACCOUNT)
                        .region("eu-west-1")
                        .outcome("success")
                        .build(),
                List.of());
    }

    static List<String> decisions(List<AuditRecord> records) {
        List<String> out = new ArrayList<>();
        for (AuditRecord r : records) {
            out.add(r.eventId() + " " + r.outcome() + " " + r.rule());
        }
        return out;
    }

    @Test
    void aDecisionThatComesDueDuringAnotherEventIsAuditedAgainstTheEventItIsAbout() {
        Instant t0 = Instant.parse("2024-05-01T12:00:00Z");
        try (Pipeline p = pipeline("5m", true)) {
            assertThat(decisions(p.evaluate(event("stop-1", "StopLogging", t0), "a.json:1")
                            .records()))
                    .containsExactly("stop-1 no-match null");
            List<AuditRecord> later = p.evaluate(event("describe-1", "DescribeTrails", t0.plusSeconds(360)), "a.json:2")
                    .records();
            assertThat(decisions(later))
                    .containsExactlyInAnyOrder("stop-1 planned stopped and not restarted", "describe-1 no-match null");
            AuditRecord planned =
                    later.stream().filter(r -> r.rule() != null).findFirst().orElseThrow();
            assertThat(planned.eventTime()).isEqualTo("2024-05-01T12:00:00Z");
            assertThat(planned.target()).isEqualTo("stop-1");
            assertThat(planned.input()).as("not the running event's").isNull();
            assertThat(probe.seen)
                    .as("the MDC names the event the decision is about")
                    .containsExactly("stop-1");
        }
    }

    @Test
    void aRestartWithinTheWindowPreventsTheDecision() {
        Instant t0 = Instant.parse("2024-05-01T12:00:00Z");
        try (Pipeline p = pipeline("5m", true)) {
            p.evaluate(event("stop-1", "StopLogging", t0), "a.json:1");
            p.evaluate(event("start-1", "StartLogging", t0.plusSeconds(60)), "a.json:2");
            assertThat(decisions(p.evaluate(event("describe-1", "DescribeTrails", t0.plusSeconds(360)), "a.json:3")
                            .records()))
                    .containsExactly("describe-1 no-match null");
        }
    }

    @Test
    void theLiveTickFiresADecisionWhenItsTimeComesWithoutAnotherEvent() throws InterruptedException {
        try (Pipeline p = pipeline("1s", false)) {
            assertThat(decisions(p.evaluate(event("stop-live", "StopLogging", Instant.now()), "sqs")
                            .records()))
                    .containsExactly("stop-live no-match null");
            assertThat(p.tick().records()).as("the window is still open").isEmpty();
            List<AuditRecord> fired = List.of();
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fired.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
                fired = p.tick().records();
            }
            assertThat(decisions(fired)).containsExactly("stop-live planned stopped and not restarted");
            assertThat(p.tick().records()).as("once").isEmpty();
        }
    }

    @Test
    void aDecisionThatCameDueAndWasRateLimitedIsCarriedOutOnTheNextTick() {
        // nothing redelivers it (no message), and the rule will not fire again: the pipeline keeps it
        AtomicInteger refusals = new AtomicInteger(2);
        DispatchCheck limits = attempt -> refusals.getAndDecrement() > 0
                ? Optional.of(new DispatchCheck.Stop(Outcome.RATE_LIMITED, "no token for test:record-mdc"))
                : Optional.empty();
        Instant t0 = Instant.parse("2024-05-01T12:00:00Z");
        try (Pipeline p = pipeline("5m", true, limits)) {
            p.evaluate(event("stop-1", "StopLogging", t0), "a.json:1");
            assertThat(decisions(p.evaluate(event("describe-1", "DescribeTrails", t0.plusSeconds(360)), "a.json:2")
                            .records()))
                    .containsExactlyInAnyOrder(
                            "stop-1 rate-limited stopped and not restarted", "describe-1 no-match null");
            assertThat(decisions(p.tick().records())).containsExactly("stop-1 rate-limited stopped and not restarted");
            assertThat(decisions(p.tick().records())).containsExactly("stop-1 planned stopped and not restarted");
            assertThat(p.tick().records()).as("carried out: not kept any more").isEmpty();
        }
    }
}
