package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests of the shipped rules: compiled once for all such test classes, a fresh session (pseudo clock) per test. */
abstract class BuiltInRulesFixture {
    static RuleSet rules;
    RuleSession session;

    @BeforeAll
    static void compile() {
        if (rules == null) {
            CompileResult r = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
            assertThat(r.problems()).isEmpty();
            rules = r.ruleSet();
        }
    }

    @BeforeEach
    void open() {
        session = rules.newSession(true);
    }

    @AfterEach
    void close() {
        session.close();
    }
}
