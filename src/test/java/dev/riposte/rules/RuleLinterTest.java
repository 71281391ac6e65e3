package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleLinterTest {

    /** A clean rule in folder "net/" with {@code body} as its consequence (line 9). */
    static RuleFile ruleWithBody(String body) {
        return new RuleFile("net/r.drl", """
                package rules.net;
                import dev.riposte.fact.*;
                import dev.riposte.command.*;

                rule "r"
                when
                    $e : SecurityEvent()
                then
                    %s
                end
                """.formatted(body));
    }

    static List<Problem> lint(RuleFile... files) {
        return RuleCompiler.lint(List.of(files));
    }

    @Test
    void cleanRulesPass() {
        assertThat(lint(ruleWithBody("insert(ActionCommand.of(\"notify:log\", $e.id()));")))
                .isEmpty();
        assertThat(lint(RuleSources.builtIn().toArray(RuleFile[]::new))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "System.out.println($e);                              | System.",
                "Runtime.getRuntime().exec(\"id\");                   | Runtime",
                "new ProcessBuilder(\"sh\").start();                  | ProcessBuilder",
                "Thread.sleep(10);                                    | Thread",
                "Object c = Class.forName(\"x.Y\");                   | Class.forName",
                "Object c = $e.getClass();                            | getClass()",
                "Object m = $e.getClass().getMethod(\"id\");          | .getMethod(",
                "java.lang.reflect.Method m = null;                   | java.lang.reflect",
                "m.setAccessible(true);                               | setAccessible",
                "new java.io.File(\"/tmp/x\").delete();               | java.io.",
                "java.net.URI u = null;                               | java.net.",
                "java.nio.file.Files.delete(null);                    | java.nio.",
            })
    void forbiddenCallsInRuleBodiesAreReportedWithLineAndHint(String body, String what) {
        List<Problem> problems = lint(ruleWithBody(body));
        assertThat(problems).isNotEmpty();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("net/r.drl");
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).isEqualTo("forbidden in rules: " + what);
            assertThat(p.hint()).isNotBlank();
        });
    }

    @Test
    void fullyQualifiedClassesOfOtherPackagesAreRejected() {
        List<Problem> problems = lint(ruleWithBody("org.kie.api.runtime.KieRuntime k = drools.getKieRuntime();"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("org.kie.api.runtime.KieRuntime");
        });
        assertThat(lint(ruleWithBody("java.util.List l = new java.util.ArrayList(); "
                        + "insert(dev.riposte.command.ActionCommand.of(\"notify:log\","
                        + " null)); java.time.Instant t = null;")))
                .isEmpty();
    }

    @Test
    void importsOutsideTheFactAndCommandPackagesAreRejected() {
        RuleFile f = new RuleFile("net/imports.drl", """
                package rules.net;
                import dev.riposte.fact.SecurityEvent;
                import dev.riposte.command.*;
                import java.util.List;
                import java.time.Duration;
                import java.lang.Math;
                import java.io.File;
                import org.kie.api.runtime.KieRuntime;
                import java.lang.System;
                import java.util.concurrent.Executors;
                import function java.lang.Runtime.getRuntime;
                """);
        List<Problem> problems = lint(f);
        assertThat(problems).extracting(Problem::line).containsExactly(7, 8, 9, 10, 11);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.message()).startsWith("import not allowed: ");
            assertThat(p.hint()).contains("dev.riposte.fact.*");
        });
    }

    @Test
    void stringsAndCommentsAreNotScanned() {
        RuleFile f = new RuleFile("net/quiet.drl", """
                package rules.net;
                import dev.riposte.fact.*;
                import dev.riposte.command.*;
                // System.exit(1) would be bad; so would java.io.File
                /* Runtime.getRuntime()
                   Thread.sleep(1) org.kie.api.KieBase */
                rule "quiet"
                    @description("flags System. and java.net. use")
                when
                    $e : SecurityEvent(type == "Thread.sleep", source != 'java.io.File')
                then
                    insert(ActionCommand.of("notify:log", $e.id()).with("message", "System.exit \\" Runtime \\" getClass()"));
                end
                """);
        assertThat(lint(f)).isEmpty();
    }

    @Test
    void strOperatorsAreRejectedWithTheMethodCallAsHint() {
        RuleFile f = new RuleFile("net/str.drl", """
                package rules.net;
                import dev.riposte.fact.*;
                rule "str"
                when
                    SecurityEvent(type str[startsWith] "Backdoor:")
                    SecurityEvent(type str[endsWith] "x", id str[length] 3)
                then
                end
                """);
        List<Problem> problems = lint(f);
        assertThat(problems).extracting(Problem::line).containsExactly(5, 6);
        assertThat(problems.get(0).message()).contains("str[startsWith]");
        assertThat(problems.get(0).hint()).contains("type.startsWith(\"Backdoor:\")");
    }

    @Test
    void packageMustMatchTheFolder() {
        RuleFile wrong = new RuleFile("cloudtrail/iam/keys.drl", "\n\npackage rules.cloudtrail;\n");
        assertThat(lint(wrong)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("rules.cloudtrail").contains("cloudtrail/iam/keys.drl");
            assertThat(p.hint()).contains("package rules.cloudtrail.iam;");
        });
        assertThat(lint(new RuleFile("cloudtrail/iam/keys.drl", "package rules.cloudtrail.iam;")))
                .isEmpty();
        assertThat(lint(new RuleFile("top.drl", "package rules;"))).isEmpty();
        assertThat(lint(new RuleFile("top.drl", "rule x when then end")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("missing package declaration"));
    }

    @Test
    void duplicateRuleNamesAcrossFilesAreRejected() {
        RuleFile a = new RuleFile("a/one.drl", "package rules.a;\nrule \"same name\"\nwhen\nthen\nend\n");
        RuleFile b = new RuleFile(
                "b/two.drl", "package rules.b;\n\nrule \"same name\" when then end\nrule other when then end\n");
        assertThat(lint(a, b)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("b/two.drl");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("same name").contains("a/one.drl:2");
        });
    }

    @Test
    void problemPrintsFileLineAndHint() {
        assertThat(new Problem("net/r.drl", 9, "forbidden in rules: System.", "emit a command").toString())
                .isEqualTo("net/r.drl:9: forbidden in rules: System.\n  hint: emit a command");
    }
}
