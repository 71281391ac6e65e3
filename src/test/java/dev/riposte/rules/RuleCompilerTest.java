package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {

    static final Duration EXPIRY = Duration.ofMinutes(30);

    static RuleSet compileOk(RuleFile... files) {
        CompileResult r = RuleCompiler.compile(List.of(files), EXPIRY);
        assertThat(r.problems()).isEmpty();
        return r.ruleSet();
    }

    static final String RECORDS_DRL = """
            package rules.test;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;

            rule "records: nested property access"
            when
                $e : SecurityEvent(source == "cloudtrail", type == "ConsoleLogin", principal!.sourceIp == "203.0.113.9",
                                   principal!.type == "Root", severityScore < 1, isSuccess())
            then
                insert(ActionCommand.of("notify:log", $e.principal().arn())
                        .with("message", "root login from " + $e.principal().sourceIp()));
            end

            rule "records: from and helper methods"
            @mode("shadow")
            when
                $e : SecurityEvent(source == "guardduty", severity >= 7.0, hasResource("AWS::EC2::Instance"))
                $i : Resource(type == "AWS::EC2::Instance", id.startsWith("i-")) from $e.resources
            then
                insert(PlaybookRun.of("isolate", $i.id()));
            end
            """;

    @Test
    void droolsReadsRecordAccessorsAndEmitsCommands() {
        RuleSet rs = compileOk(new RuleFile("test/records.drl", RECORDS_DRL));
        assertThat(rs.ruleNames())
                .containsExactly("records: from and helper methods", "records: nested property access");
        try (RuleSession s = rs.newSession(true)) {
            SecurityEvent login = Events.call("ConsoleLogin", "success", Events.T0, Events.root("203.0.113.9"));
            Evaluation ev = s.evaluate(login, List.of());
            assertThat(ev.rulesFired()).containsExactly("records: nested property access");
            assertThat(ev.firings()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("records: nested property access");
                assertThat(f.mode()).isNull();
                assertThat(f.command())
                        .isEqualTo(ActionCommand.of("notify:log", "arn:aws:iam::111122223333:root")
                                .with("message", "root login from 203.0.113.9"));
            });

            SecurityEvent other =
                    Events.call("ConsoleLogin", "success", Events.T0, Events.iamUser("bob", "203.0.113.9"));
            assertThat(s.evaluate(other, List.of()).rulesFired()).isEmpty();

            Evaluation gd = s.evaluate(
                    Events.finding("Trojan:EC2/DNSDataExfiltration", 8, Events.instance("i-0abc")), List.of());
            assertThat(gd.firings()).singleElement().satisfies(f -> {
                assertThat(f.mode()).isEqualTo("shadow");
                assertThat(f.command()).isEqualTo(PlaybookRun.of("isolate", "i-0abc"));
            });
        }
    }

    @Test
    void nullSafeNavigationSkipsEventsWithoutPrincipal() {
        RuleSet rs = compileOk(new RuleFile("test/records.drl", RECORDS_DRL));
        try (RuleSession s = rs.newSession(true)) {
            SecurityEvent noPrincipal = Events.call("ConsoleLogin", "success", Events.T0, null);
            assertThat(s.evaluate(noPrincipal, List.of()).rulesFired()).isEmpty();
        }
    }

    @Test
    void aRuleThatThrowsFailsTheEvaluationNamingTheRuleAndTheSessionStaysUsable() {
        RuleSet rs = compileOk(new RuleFile("test/npe.drl", """
                package rules.test;
                import dev.riposte.fact.*;
                rule "unsafe principal access"
                when
                    $e : SecurityEvent(principal.sourceIp == "203.0.113.9")
                then
                end
                """));
        try (RuleSession s = rs.newSession(true)) {
            SecurityEvent noPrincipal = Events.call("ConsoleLogin", "success", Events.T0, null);
            assertThatThrownBy(() -> s.evaluate(noPrincipal, List.of()))
                    .hasMessageContaining("unsafe principal access")
                    .hasMessageContaining("test/npe.drl");
            SecurityEvent ok = Events.call("ConsoleLogin", "success", Events.T0, Events.root("203.0.113.9"));
            assertThat(s.evaluate(ok, List.of()).rulesFired()).containsExactly("unsafe principal access");
            assertThat(s.factCount()).isEqualTo(1);
        }
    }

    @Test
    void typoGivesAProblemWithTheFileLineAndAHint() {
        RuleFile good = new RuleFile(
                "a/good.drl", "package rules.a;\nimport dev.riposte.fact.*;\nrule ok when SecurityEvent() then end\n");
        RuleFile typo = new RuleFile("b/typo.drl", """
                package rules.b;
                import dev.riposte.fact.*;

                rule "typo"
                when
                    $e : SecurityEvnt(type == "x")
                then
                end
                """);
        CompileResult r = RuleCompiler.compile(List.of(good, typo), EXPIRY);
        assertThat(r.ok()).isFalse();
        assertThat(r.ruleSet()).isNull();
        assertThat(r.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("b/typo.drl");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.hint()).contains("import");
        });
        assertThat(r.problems().get(0).toString()).startsWith("b/typo.drl:6: ").contains("SecurityEvnt");
    }

    @Test
    void syntaxAndFieldErrorsPointAtTheirLine() {
        RuleFile syntax = new RuleFile("s/syntax.drl", """
                package rules.s;
                import dev.riposte.fact.*;
                rule "unclosed"
                when
                    SecurityEvent(type == "x"
                then
                end
                """);
        assertThat(RuleCompiler.compile(List.of(syntax), EXPIRY).problems())
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.file()).isEqualTo("s/syntax.drl"))
                .anySatisfy(p -> assertThat(p.line()).isBetween(5, 6));

        RuleFile field = new RuleFile("s/field.drl", """
                package rules.s;
                import dev.riposte.fact.*;
                rule "unknown field"
                when
                    SecurityEvent(sevrity > 7)
                then
                end
                """);
        assertThat(RuleCompiler.compile(List.of(field), EXPIRY).problems())
                .isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.file()).isEqualTo("s/field.drl");
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.hint()).contains("docs/fact-model.md");
                });
    }

    @Test
    void lintProblemsFailTheCompileToo() {
        CompileResult r = RuleCompiler.compile(List.of(new RuleFile("x/bad.drl", """
                package rules.x;
                import dev.riposte.fact.*;
                rule "prints"
                when
                    SecurityEvent()
                then
                    System.out.println("hi");
                end
                """)), EXPIRY);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems())
                .extracting(Problem::toString)
                .contains("x/bad.drl:7: forbidden in rules: System.\n  hint: "
                        + r.problems().get(0).hint());
    }

    @Test
    void versionIsAContentHashOfPathsAndContents() {
        RuleFile a = new RuleFile(
                "a/r.drl", "package rules.a;\nimport dev.riposte.fact.*;\nrule one when SecurityEvent() then end\n");
        RuleFile b = new RuleFile(
                "b/r.drl", "package rules.b;\nimport dev.riposte.fact.*;\nrule two when SecurityEvent() then end\n");
        String v1 = compileOk(a, b).version();
        assertThat(v1).matches("[0-9a-f]{12}");
        assertThat(compileOk(b, a).version())
                .as("order of the input does not matter")
                .isEqualTo(v1);
        RuleFile a2 = new RuleFile("a/r.drl", a.content().replace("one", "uno"));
        assertThat(compileOk(a2, b).version()).isNotEqualTo(v1);
        assertThat(compileOk(a).version()).isNotEqualTo(v1);
    }

    @Test
    void emptyRuleSetCompiles() {
        RuleSet rs = compileOk();
        assertThat(rs.ruleNames()).isEmpty();
        try (RuleSession s = rs.newSession(false)) {
            assertThat(s.evaluate(Events.consoleLogin("success", Events.T0, "203.0.113.1"), List.of())
                            .matched())
                    .isFalse();
        }
    }

    @Test
    void expiredEventsLeaveTheSessionSoMemoryStaysBounded() {
        RuleSet rs = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofMinutes(10))
                .ruleSet();
        try (RuleSession s = rs.newSession(true)) {
            for (int i = 0; i < 2_000; i++) {
                // one event a minute: with a 10-minute expiry about 11 may be alive at once
                s.evaluate(
                        Events.consoleLogin("failure", Events.T0.plus(Duration.ofMinutes(i)), "203.0.113." + (i % 250)),
                        List.of());
                assertThat(s.factCount()).isLessThanOrEqualTo(12);
            }
            for (int i = 0; i < 500; i++) { // firings are remembered for refraction only while their events live
                Evaluation ev = s.evaluate(
                        Events.call(
                                "ConsoleLogin",
                                "success",
                                Events.T0.plus(Duration.ofMinutes(2_000 + i)),
                                Events.root("198.51.100.1")),
                        List.of());
                assertThat(ev.firings()).hasSize(1);
                assertThat(s.refractionSize()).isLessThanOrEqualTo(12);
            }
        }
    }

    @Test
    void relatedAndCommandFactsAreRemovedAfterEachEvaluation() {
        RuleSet rs = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofMinutes(10))
                .ruleSet();
        try (RuleSession s = rs.newSession(true)) {
            SecurityEvent e = Events.call("AuthorizeSecurityGroupIngress", "success", Events.T0, null);
            Evaluation ev = s.evaluate(
                    e,
                    List.of(
                            Events.ingress(e, "sg-1", "tcp", 22, 22, "0.0.0.0/0"),
                            Events.ingress(e, "sg-1", "tcp", 3389, 3389, "0.0.0.0/0")));
            assertThat(ev.firings()).hasSize(2);
            assertThat(ev.rulesFired()).hasSize(1);
            assertThat(s.factCount()).as("only the event stays").isEqualTo(1);
        }
    }

    @Test
    void rejectsANonPositiveExpiry() {
        assertThatThrownBy(() -> RuleCompiler.compile(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventExpiry");
    }

    @Test
    void slidingWindowsFollowThePseudoClock() {
        RuleSet rs = compileOk(new RuleFile("w/window.drl", """
                package rules.w;
                import dev.riposte.fact.*;
                import dev.riposte.command.*;
                rule "three failures in five minutes"
                when
                    $e : SecurityEvent(isFailure())
                    not SecurityEvent(isFailure(), this after $e)
                    Number(intValue >= 3) from accumulate(
                        $d : SecurityEvent(isFailure()) over window:time(5m), count($d))
                then
                    insert(ActionCommand.of("notify:log", $e.id()));
                end
                """));
        try (RuleSession s = rs.newSession(true)) {
            IntFunction<Evaluation> failureAtMinute = m -> s.evaluate(
                    Events.call("PutObject", "failure", Events.T0.plus(Duration.ofMinutes(m)), null), List.of());
            assertThat(failureAtMinute.apply(0).matched()).isFalse();
            assertThat(failureAtMinute.apply(1).matched()).isFalse();
            assertThat(failureAtMinute.apply(2).firings())
                    .as("once, for the newest failure")
                    .hasSize(1);
            // at minute 8 the window (3..8] holds nothing but this failure
            assertThat(failureAtMinute.apply(8).matched()).isFalse();
            assertThat(failureAtMinute.apply(9).matched()).isFalse();
            assertThat(failureAtMinute.apply(10).firings()).hasSize(1);
        }
    }
}
