package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.fact.SecurityEvent;
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
                insert(ActionCommand.of("notify:log", $e.principal().arn()).with("message", "root login from " + $e.principal().sourceIp()));
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
        assertThat(rs.ruleNames()).containsExactly("records: from and helper methods", "records: nested property access");
        try (RuleSession s = rs.newSession(true)) {
            SecurityEvent login = Facts.cloudTrail("ConsoleLogin", "success", Facts.T0, Facts.root("203.0.113.9"));
            Evaluation ev = s.evaluate(login, List.of());
            assertThat(ev.rulesFired()).containsExactly("records: nested property access");
            assertThat(ev.firings()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("records: nested property access");
                assertThat(f.mode()).isNull();
                assertThat(f.command()).isEqualTo(ActionCommand.of("notify:log", "arn:aws:iam::111122223333:root")
                        .with("message", "root login from 203.0.113.9"));
            });

            SecurityEvent other = Facts.cloudTrail("ConsoleLogin", "success", Facts.T0, Facts.iamUser("bob", "203.0.113.9"));
            assertThat(s.evaluate(other, List.of()).rulesFired()).isEmpty();

            Evaluation gd = s.evaluate(Facts.guardDuty("Trojan:EC2/DNSDataExfiltration", 8, Facts.instance("i-0abc")), List.of());
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
            SecurityEvent noPrincipal = Facts.cloudTrail("ConsoleLogin", "success", Facts.T0, null);
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
            SecurityEvent noPrincipal = Facts.cloudTrail("ConsoleLogin", "success", Facts.T0, null);
            assertThatThrownBy(() -> s.evaluate(noPrincipal, List.of()))
                    .hasMessageContaining("unsafe principal access").hasMessageContaining("test/npe.drl");
            SecurityEvent ok = Facts.cloudTrail("ConsoleLogin", "success", Facts.T0, Facts.root("203.0.113.9"));
            assertThat(s.evaluate(ok, List.of()).rulesFired()).containsExactly("unsafe principal access");
            assertThat(s.factCount()).isEqualTo(1);
        }
    }
}
