package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static RuleSet compile(String body) {
        String drl = """
                package rules.t;
                import dev.riposte.fact.*;
                import dev.riposte.command.*;
                """ + body;
        CompileResult r = RuleCompiler.compile(List.of(new RuleFile("t/t.drl", drl)), Duration.ofHours(1));
        assertThat(r.problems()).isEmpty();
        return r.ruleSet();
    }

    private static boolean canMatch(RuleSet rules, SecurityEvent e) {
        try (EventFilter f = rules.newEventFilter()) {
            return f.canMatch(e);
        }
    }

    @Test
    void anEventFailingEveryPatternsLiteralConstraintsIsInertAndOneThatPassesAnyIsNot() {
        RuleSet rules = compile("""
                rule "stop" when $e : SecurityEvent(source == "cloudtrail", type == "StopLogging", account == "111122223333")
                then insert(ActionCommand.of("notify:log", $e.id())); end
                rule "gd" when $e : SecurityEvent(source == "guardduty", severity >= 7.0)
                then insert(ActionCommand.of("notify:log", $e.id())); end
                """);
        assertThat(canMatch(rules, Events.call("StopLogging", "success", Events.T0, null)))
                .isTrue();
        assertThat(canMatch(rules, Events.call("DescribeInstances", "success", Events.T0, null)))
                .isFalse();
        assertThat(canMatch(rules, Events.finding("Recon:EC2/PortProbeUnprotectedPort", 8.0)))
                .isTrue();
        assertThat(canMatch(rules, Events.finding("Recon:EC2/PortProbeUnprotectedPort", 2.0)))
                .isFalse();
    }

    @Test
    void patternsInNotWindowsAndAccumulatesCountAsReachable() {
        RuleSet rules = compile("""
                rule "brute" when
                    $e : SecurityEvent(type == "ConsoleLogin", isFailure(), $ip : principal!.sourceIp)
                    not SecurityEvent(type == "CheckMfa", principal!.sourceIp == $ip)
                    Number(intValue >= 3) from accumulate(
                        SecurityEvent(type == "GetSessionToken", principal!.sourceIp == $ip) over window:time(10m), count(1))
                then insert(ActionCommand.of("notify:log", $ip)); end
                """);
        assertThat(canMatch(rules, Events.consoleLogin("failure", Events.T0, "203.0.113.9")))
                .isTrue();
        assertThat(canMatch(rules, Events.consoleLogin("success", Events.T0, "203.0.113.9")))
                .isFalse();
        var alice = Events.iamUser("alice", "203.0.113.9");
        assertThat(canMatch(rules, Events.call("CheckMfa", "success", Events.T0, alice)))
                .as("in a not")
                .isTrue();
        assertThat(canMatch(rules, Events.call("GetSessionToken", "success", Events.T0, alice)))
                .as("in a window")
                .isTrue();
        // principal!. adds the literal constraint principal != null: without one, the window cannot take the event
        assertThat(canMatch(rules, Events.call("GetSessionToken", "success", Events.T0, null)))
                .isFalse();
        assertThat(canMatch(rules, Events.call("GetCallerIdentity", "success", Events.T0, alice)))
                .isFalse();
    }

    @Test
    void aPatternWithoutLiteralConstraintsOrOnASupertypeReachesEveryEvent() {
        assertThat(canMatch(compile("""
                rule "any" when $e : SecurityEvent($t : type) then end
                """), Events.call("Anything", "success", Events.T0, null)))
                .isTrue();
        assertThat(canMatch(compile("""
                rule "record" when $r : Record() then end
                """), Events.call("Anything", "success", Events.T0, null)))
                .isTrue();
    }

    @Test
    void aConstraintThatThrowsCountsAsReachableSoTheSessionReportsTheFailure() {
        // principal.name without the null-safe ! throws for an event without a principal
        RuleSet rules = compile("""
                rule "npe" when $e : SecurityEvent(principal.name == "alice") then end
                """);
        assertThat(canMatch(rules, Events.call("StopLogging", "success", Events.T0, null)))
                .isTrue();
        assertThat(canMatch(
                        rules, Events.call("StopLogging", "success", Events.T0, Events.iamUser("bob", "192.0.2.1"))))
                .isFalse();
    }

    @Test
    void noRulesOnEventsMeansNothingCanMatch() {
        assertThat(canMatch(compile("""
                rule "other" when $p : IngressPermission(cidr == "0.0.0.0/0") then end
                """), Events.call("StopLogging", "success", Events.T0, null)))
                .isFalse();
    }

    @Test
    void aSkippedEventLeavesTheSessionsDecisionsAsTheyWouldHaveBeen() {
        // the clock still moves with a skipped event: a window that ends fires exactly as if it had been inserted
        RuleSet rules = compile("""
                rule "quiet after stop" when
                    $e : SecurityEvent(type == "StopLogging")
                    not SecurityEvent(type == "StartLogging", this after[0s, 5m] $e)
                    then insert(ActionCommand.of("notify:log", $e.id()));
                end
                """);
        SecurityEvent stop = Events.call("StopLogging", "success", Events.T0, null);
        SecurityEvent later = Events.call("DescribeTrails", "success", Events.T0.plus(Duration.ofMinutes(6)), null);
        for (boolean filtered : new boolean[] {false, true}) {
            try (RuleSession s = rules.newSession(true);
                    EventFilter f = rules.newEventFilter()) {
                assertThat(s.evaluate(stop, List.of(), !filtered || f.canMatch(stop))
                                .rulesFired())
                        .isEmpty();
                assertThat(f.canMatch(later)).isFalse();
                assertThat(s.evaluate(later, List.of(), !filtered || f.canMatch(later))
                                .rulesFired())
                        .as("filtered=%s", filtered)
                        .containsExactly("quiet after stop");
                assertThat(s.factCount()).isEqualTo(filtered ? 1 : 2);
            }
        }
    }

    @Test
    void relatedFactsAreJudgedByTheirOwnPatternsAndAClassNoRuleNamesIsInert() {
        RuleSet rules = compile("""
                rule "open ssh" when
                    $e : SecurityEvent(type == "AuthorizeSecurityGroupIngress")
                    $p : IngressPermission(eventId == $e.id, openToWorld())
                    then insert(ActionCommand.of("notify:log", $p.groupId())); end
                """);
        SecurityEvent e = Events.call("AuthorizeSecurityGroupIngress", "success", Events.T0, null);
        List<Object> related = List.of(
                Events.ingress(e, "sg-1", "tcp", 22, 22, "10.0.0.0/8"),
                Events.ingress(e, "sg-1", "tcp", 22, 22, "0.0.0.0/0"),
                Events.iamUser("alice", "192.0.2.1"));
        try (EventFilter f = rules.newEventFilter()) {
            Verdict v = f.judge(e, related);
            assertThat(v.event()).isTrue();
            assertThat(List.of(v.related(0), v.related(1), v.related(2))).containsExactly(false, true, false);
            assertThat(v.reachable(related)).containsExactly(related.get(1));
            assertThat(v.related(64)).as("past the mask").isTrue();
            assertThat(f.judge(Events.call("DescribeInstances", "success", Events.T0, null), List.of())
                            .event())
                    .isFalse();
        }
        assertThat(Verdict.ALL.reachable(related)).isSameAs(related);
    }

    @Test
    void anEventIsNotSkippedWhileADeletedFactsRetractionIsStillToPropagate() {
        // the permission is deleted after its event's evaluation; the next evaluation (of an inert event) must run the
        // rules, or the "not" that turns true would fire one event late, or never
        RuleSet rules = compile("""
                rule "no permission left" when
                    $e : SecurityEvent(type == "AuthorizeSecurityGroupIngress")
                    not IngressPermission(eventId == $e.id)
                    then insert(ActionCommand.of("notify:log", $e.id())); end
                """);
        SecurityEvent e = Events.call("AuthorizeSecurityGroupIngress", "success", Events.T0, null);
        SecurityEvent next = Events.call("DescribeInstances", "success", Events.T0.plusSeconds(1), null);
        SecurityEvent third = Events.call("DescribeInstances", "success", Events.T0.plusSeconds(2), null);
        try (RuleSession s = rules.newSession(true);
                EventFilter f = rules.newEventFilter()) {
            assertThat(s.evaluate(e, List.of(Events.ingress(e, "sg-1", "tcp", 22, 22, "0.0.0.0/0")), true)
                            .rulesFired())
                    .isEmpty();
            assertThat(f.canMatch(next)).isFalse();
            assertThat(s.evaluate(next, List.of(), false).rulesFired()).containsExactly("no permission left");
            assertThat(s.evaluate(third, List.of(), false).rulesFired()).isEmpty();
            assertThat(s.clockMillis())
                    .as("a skipped evaluation still moves the clock")
                    .isEqualTo(third.timestamp());
        }
    }
}
