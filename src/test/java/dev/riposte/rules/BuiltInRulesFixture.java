package dev.riposte.rules;

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
            rules = TestRules.builtIn(); // compiled now, or the build's model in the frozen run
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
