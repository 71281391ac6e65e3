package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15.4: `riposte test` compares every field a case states and rejects keys it does not know. */
class CaseExpectationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROOT = "Root account console login: notify";

    @TempDir
    Path dir;

    private CaseExpectation read(String text) throws IOException {
        Path f = dir.resolve("expected.json");
        Files.writeString(f, text);
        return CaseExpectation.read(f, JSON);
    }

    private static JsonNode params(String json) throws IOException {
        return JSON.readTree(json);
    }

    private static List<CaseExpectation.Got> rootLogin() throws IOException {
        return List.of(new CaseExpectation.Got(
                "notify:log", "arn:aws:iam::1:root", params("{\"message\": \"root login\"}"), ROOT, "planned"));
    }

    @Test
    void wrongParamsFail() throws IOException {
        CaseExpectation right = read("""
                {"rules": ["%s"],
                 "commands": [{"action": "notify:log", "target": "arn:aws:iam::1:root", "params": {"message": "root login"}}]}
                """.formatted(ROOT));
        assertThat(right.differences(Set.of(ROOT), rootLogin())).isEmpty();

        CaseExpectation wrong = read("""
                {"rules": ["%s"],
                 "commands": [{"action": "notify:log", "target": "arn:aws:iam::1:root", "params": {"message": "other"}}]}
                """.formatted(ROOT));
        assertThat(wrong.differences(Set.of(ROOT), rootLogin()))
                .singleElement()
                .asString()
                .startsWith(
                        "commands: expected [notify:log arn:aws:iam::1:root {\"message\":\"other\"}] not given; unexpected [notify:log");
    }

    @Test
    void ruleAndOutcomeAreComparedWhenStated() throws IOException {
        assertThat(read("""
                {"rules": [], "rulesMatch": "includes",
                 "commands": [{"action": "notify:log", "target": "arn:aws:iam::1:root", "outcome": "cooldown"}]}
                """).differences(Set.of(ROOT), rootLogin())).hasSize(1);
        assertThat(read("""
                {"rules": [], "rulesMatch": "includes",
                 "commands": [{"action": "notify:log", "target": "arn:aws:iam::1:root", "rule": "%s", "outcome": "planned"}]}
                """.formatted(ROOT)).differences(Set.of(ROOT), rootLogin()))
                .isEmpty();
    }

    @Test
    void unknownKeysAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> read("""
                {
                  "rules": [],
                  "commands": [],
                  "bogus": 1
                }
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("expected.json")
                        + ":4: unknown key \"bogus\" in expected.json (known: "
                        + "commands, config, description, name, rules, rulesMatch)");
        assertThatThrownBy(() -> read("""
                {"rules": [],
                 "commands": [{"action": "notify:log",
                               "parms": {"message": "x"}}]}
                """))
                .hasMessage(dir.resolve("expected.json")
                        + ":3: unknown key \"parms\" in a command (known: action, outcome, params, rule, target)");
        assertThatThrownBy(() -> read("{\"rules\": [], \"commands\": [], \"rulesMatch\": \"some\"}"))
                .hasMessageContaining("\"rulesMatch\" is \"exact\"");
    }

    @Test
    void rulesAreExactByDefaultOrIncludedWhenTheCaseSaysSo() throws IOException {
        Set<String> fired = Set.of(ROOT, "another rule");
        assertThat(read("{\"rules\": [\"" + ROOT + "\"], \"commands\": []}").differences(fired, List.of()))
                .singleElement()
                .asString()
                .startsWith("rules: expected [" + ROOT + "], fired [" + ROOT + ", another rule]");
        assertThat(read("{\"rules\": [\"" + ROOT + "\"], \"rulesMatch\": \"includes\", \"commands\": []}")
                        .differences(fired, List.of()))
                .isEmpty();
        assertThat(read("{\"rules\": [\"missing\"], \"rulesMatch\": \"includes\", \"commands\": []}")
                        .differences(fired, List.of()))
                .singleElement()
                .asString()
                .contains("(missing [missing])");
    }

    @Test
    void everyCommandGivenMustBeExpected() throws IOException {
        assertThat(read("{\"rules\": [\"" + ROOT + "\"], \"commands\": []}").differences(Set.of(ROOT), rootLogin()))
                .singleElement()
                .asString()
                .startsWith("commands: expected [] not given; unexpected [notify:log arn:aws:iam::1:root");
    }

    @Test
    void aCaseSetsGuardConfigurationAndABadKeyOrValueNamesItsLine() throws IOException {
        assertThat(read("""
                {"rules": [], "commands": [],
                 "config": {"riposte.guard.cooldown": "0s", "riposte.guard.protected-accounts": ["111122223333", "444455556666"]}}
                """).config())
                .isEqualTo(Map.of(
                        "riposte.guard.cooldown",
                        "0s",
                        "riposte.guard.protected-accounts",
                        "111122223333,444455556666"));
        assertThat(read("{\"rules\": [], \"commands\": []}").config()).isEmpty();
        assertThatThrownBy(() -> read("""
                {"rules": [], "commands": [],
                 "config": {
                   "riposte.guard.coldown": "0s"}}
                """))
                .hasMessageStartingWith(
                        dir.resolve("expected.json") + ":3: \"config\": unknown key \"riposte.guard.coldown\"")
                .hasMessageContaining("riposte.guard.cooldown")
                .hasMessageContaining("riposte.exempt-tag");
        assertThatThrownBy(() -> read("""
                {"rules": [], "commands": [],
                 "config": {"riposte.breaker.window": "later"}}
                """))
                .hasMessageStartingWith(dir.resolve("expected.json")
                        + ":2: \"config\": \"riposte.breaker.window\": cannot read \"later\"")
                .hasMessageContaining("accepted keys: ");
    }
}
