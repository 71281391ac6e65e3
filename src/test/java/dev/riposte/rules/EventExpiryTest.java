package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.fact.Events;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 15.3: a window longer than the configured event expiry must work (events are kept as long as a rule looks back). */
class EventExpiryTest {

    static final Duration ONE_HOUR = Duration.ofHours(1); // riposte.rules.event-expiry's default

    private static RuleSet compile(String when) {
        CompileResult r = TestRules.compile(List.of(new RuleFile("w/window.drl", """
                package rules.w;
                import dev.riposte.fact.*;
                import dev.riposte.command.*;
                rule "five failures in a day"
                when
                """ + when + """
                then
                    insert(ActionCommand.of("notify:log", $e.id()).with("message", "day"));
                end
                """)), ONE_HOUR);
        assertThat(r.problems()).isEmpty();
        return r.ruleSet();
    }

    private static List<Evaluation> failuresEveryThreeHours(RuleSet rs, int n) {
        try (RuleSession s = rs.newSession(true)) {
            return IntStream.range(0, n)
                    .mapToObj(i -> s.evaluate(
                            Events.call(
                                    "PutObject",
                                    "failure",
                                    Events.T0.plus(Duration.ofHours(3L * i)),
                                    Events.iamUser("alice", "203.0.113.5")),
                            List.<Object>of()))
                    .toList();
        }
    }

    @Test
    void slidingWindowOfADayCountsEventsOlderThanTheExpiry() {
        RuleSet rs = compile("""
                    $e : SecurityEvent(isFailure())
                    not SecurityEvent(isFailure(), this after $e)
                    Number(intValue >= 5) from accumulate($d : SecurityEvent(isFailure()) over window:time(24h), count($d))
                """);
        List<Evaluation> ev = failuresEveryThreeHours(rs, 5);
        assertThat(ev.get(4).firings()).as("the fifth failure in 12 hours").hasSize(1);
    }

    @Test
    void temporalOperatorOfADayCountsEventsOlderThanTheExpiry() {
        RuleSet rs = compile("""
                    $e : SecurityEvent(isFailure())
                    Number(intValue >= 4) from accumulate($d : SecurityEvent(isFailure(), this before[1ms, 24h] $e), count($d))
                """);
        List<Evaluation> ev = failuresEveryThreeHours(rs, 5);
        assertThat(ev.get(4).firings())
                .as("four failures in the 12 hours before the fifth")
                .hasSize(1);
    }

    @Test
    void eventsStillLeaveOnceNoRuleCanUseThem() {
        RuleSet rs = compile("""
                    $e : SecurityEvent(isFailure())
                    Number(intValue >= 4) from accumulate($d : SecurityEvent(isFailure(), this before[1ms, 24h] $e), count($d))
                """);
        try (RuleSession s = rs.newSession(true)) {
            for (int i = 0; i < 200; i++) { // one an hour for 200 hours: about 25 alive at once
                s.evaluate(Events.call("PutObject", "failure", Events.T0.plus(Duration.ofHours(i)), null), List.of());
            }
            assertThat(s.factCount()).isBetween(20L, 26L);
        }
    }

    @Test
    void longestWindowReadsOperatorIntervalsAndSlidingWindowsButNotComments() {
        RuleFile f = new RuleFile("w/a.drl", """
                // window:time(72h) in a comment does not count, nor "before[0s, 48h]" in a string
                rule "a" when
                    $a : SecurityEvent()
                    SecurityEvent(this after[-5m, 90m] $a, detailText("x") == "before[0s, 48h]")
                    Number() from accumulate($d : SecurityEvent() over window:time( 2h30m ), count($d))
                then end
                """);
        assertThat(RuleCompiler.longestWindow(List.of(f))).isEqualTo(Duration.ofMinutes(150));
        assertThat(RuleCompiler.longestWindow(
                        List.of(new RuleFile("w/b.drl", "rule \"b\" when SecurityEvent(this before $x) then end"))))
                .isZero();
        RuleSet rs = TestRules.builtIn();
        assertThat(rs.eventExpiry())
                .as("built-in windows are shorter than an hour")
                .isEqualTo(ONE_HOUR);
    }
}
