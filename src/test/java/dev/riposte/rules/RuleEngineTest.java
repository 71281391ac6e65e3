package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {

    static final Duration POLL = Duration.ofMillis(200);

    static String rule(String name, String eventType) {
        return """
                package rules.t;
                import dev.riposte.fact.*;
                import dev.riposte.command.*;
                rule "%s"
                when
                    $e : SecurityEvent(type == "%s")
                then
                    insert(ActionCommand.of("notify:log", $e.id()));
                end
                """.formatted(name, eventType);
    }

    static List<String> fired(RuleSet rs, String type) {
        try (RuleSession s = rs.newSession(true)) {
            SecurityEvent e = Events.call(type, "success", Events.T0, null);
            return s.evaluate(e, List.of()).rulesFired();
        }
    }

    /** Waits up to 2 s (the promised reload latency) for the condition. */
    static void within2s(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("not within 2 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void hotReloadsEditsKeepsTheLastGoodSetOnErrorsAndDropsDeletedRules(@TempDir Path dir) throws Exception {
        Path t = Files.createDirectories(dir.resolve("t"));
        Files.writeString(t.resolve("a.drl"), rule("A", "StopLogging"));
        try (RuleEngine engine = new RuleEngine(dir, Duration.ofMinutes(10), POLL)) {
            List<RuleSet> swapped = new CopyOnWriteArrayList<>();
            engine.onSwap(swapped::add);
            engine.start();
            RuleSet first = engine.current();
            assertThat(fired(first, "StopLogging")).containsExactly("A");
            assertThat(engine.status().reloadsOk()).isEqualTo(1);

            // edit -> new behaviour
            Files.writeString(t.resolve("a.drl"), rule("A", "DeleteTrail"));
            within2s(() -> !engine.current().version().equals(first.version()));
            RuleSet edited = engine.current();
            assertThat(fired(edited, "DeleteTrail")).containsExactly("A");
            assertThat(fired(edited, "StopLogging")).isEmpty();
            assertThat(swapped).containsExactly(edited);

            // add a file -> its rule joins
            Files.writeString(t.resolve("b.drl"), rule("B", "ConsoleLogin"));
            within2s(() -> engine.current().ruleNames().contains("B"));

            // broken edit -> last good set kept, error with file:line in the status
            RuleSet good = engine.current();
            Files.writeString(t.resolve("b.drl"), rule("B", "ConsoleLogin").replace("SecurityEvent(", "SecurityEvnt("));
            within2s(() -> engine.status().reloadsFailed() == 1);
            assertThat(engine.current()).isSameAs(good);
            RuleSetStatus status = engine.status();
            assertThat(status.version()).isEqualTo(good.version());
            assertThat(status.rules()).isEqualTo(2);
            assertThat(status.lastErrors())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.file()).isEqualTo("t/b.drl"))
                    .anySatisfy(p -> assertThat(p.toString())
                            .startsWith("t/b.drl:6: Unable to resolve ObjectType 'SecurityEvnt'"));
            assertThat(fired(engine.current(), "ConsoleLogin")).containsExactly("B");
            Thread.sleep(3 * POLL.toMillis());
            assertThat(engine.status().reloadsFailed())
                    .as("a broken version is compiled once, not on every poll")
                    .isEqualTo(1);

            // a forbidden call is a lint error: also kept out
            Files.writeString(
                    t.resolve("b.drl"), rule("B", "ConsoleLogin").replace("insert(", "System.exit(1); insert("));
            within2s(() -> engine.status().reloadsFailed() == 2);
            assertThat(engine.current()).isSameAs(good);
            assertThat(engine.status().lastErrors())
                    .extracting(Problem::toString)
                    .anyMatch(s -> s.startsWith("t/b.drl:8: forbidden"));

            // delete the file -> rule gone, errors cleared
            Files.delete(t.resolve("b.drl"));
            within2s(() -> !engine.current().ruleNames().contains("B"));
            assertThat(engine.current().ruleNames()).containsExactly("A");
            assertThat(engine.status().lastErrors()).isEmpty();
            assertThat(engine.status().reloadsOk()).isEqualTo(4);
        }
    }

    @Test
    void reloadForcesARecompileAndReturnsTheProblems(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("t"));
        Files.writeString(dir.resolve("t/a.drl"), rule("A", "StopLogging"));
        try (RuleEngine engine = new RuleEngine(dir, Duration.ofMinutes(10), POLL)) { // not started: no polling
            assertThat(engine.reload()).isEmpty();
            assertThat(engine.status().reloadsOk()).isEqualTo(2);
            Files.writeString(dir.resolve("t/a.drl"), "package rules.wrong;\n");
            assertThat(engine.reload())
                    .singleElement()
                    .satisfies(p -> assertThat(p.file()).isEqualTo("t/a.drl"));
            assertThat(engine.current().ruleNames()).containsExactly("A");
        }
    }

    @Test
    void aBrokenFirstRuleSetIsRefused(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("t"));
        Files.writeString(dir.resolve("t/a.drl"), rule("A", "x").replace("then", "then\n    Thread.sleep(1);"));
        assertThatThrownBy(() -> new RuleEngine(dir, Duration.ofMinutes(10), POLL))
                .isInstanceOfSatisfying(
                        RulesInvalidException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::toString)
                                .anyMatch(s -> s.startsWith("t/a.drl:8: forbidden in rules: Thread")));
    }

    @Test
    void builtInRulesNeedNoFolder() {
        try (RuleEngine engine = new RuleEngine(null, Duration.ofMinutes(10), POLL)) {
            engine.start();
            int declared = (int) RuleSources.builtIn().stream()
                    .mapToLong(f -> f.content()
                            .lines()
                            .filter(l -> l.startsWith("rule "))
                            .count())
                    .sum();
            assertThat(engine.current().ruleNames()).hasSize(declared).hasSizeGreaterThan(6);
            assertThat(engine.status().version()).isEqualTo(RuleCompiler.version(RuleSources.builtIn()));
        }
    }
}
