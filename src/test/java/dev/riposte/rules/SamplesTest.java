package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps samples/ well-formed and complete: every case is readable, names only real rules, and every
 * built-in rule has a positive case. (Running the cases end to end is `riposte test`.)
 */
class SamplesTest {

    static final Path SAMPLES = Path.of("samples");
    static final ObjectMapper JSON = new ObjectMapper();

    record Case(Path dir, JsonNode expected) {}

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SAMPLES)) {
            for (Path expected : walk.filter(p -> p.getFileName().toString().equals("expected.json"))
                    .sorted()
                    .toList()) {
                cases.add(new Case(expected.getParent(), JSON.readTree(expected.toFile())));
            }
        }
        return cases;
    }

    @Test
    void everyCaseHasEventsAndAWellFormedExpectation() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        for (Case c : cases) {
            Path single = c.dir().resolve("event.json");
            Path many = c.dir().resolve("events.jsonl");
            assertThat(Files.exists(single) ^ Files.exists(many))
                    .as(c.dir() + ": event.json xor events.jsonl")
                    .isTrue();
            if (Files.exists(single)) {
                assertThat(JSON.readTree(single.toFile()).isObject())
                        .as(single.toString())
                        .isTrue();
            } else {
                List<String> lines = Files.readAllLines(many).stream()
                        .filter(l -> !l.isBlank())
                        .toList();
                assertThat(lines).as(many.toString()).hasSizeGreaterThan(1);
                for (String l : lines) {
                    assertThat(JSON.readTree(l).isObject()).isTrue();
                }
            }
            assertThat(c.expected().path("rules").isArray())
                    .as(c.dir() + " rules")
                    .isTrue();
            assertThat(c.expected().path("commands").isArray())
                    .as(c.dir() + " commands")
                    .isTrue();
            for (JsonNode cmd : c.expected().path("commands")) {
                assertThat(cmd.path("action").asText()).as(c.dir() + " action").matches("[a-z0-9]+:[a-z0-9-]+");
                assertThat(cmd.has("target")).isTrue();
            }
            String text = Files.exists(single) ? Files.readString(single) : Files.readString(many);
            assertThat(text)
                    .as(c.dir() + ": account ids are scrubbed")
                    .doesNotContainPattern("(?<![\\w-])(?!111122223333)\\d{12}(?![\\w-])");
        }
    }

    @Test
    void everyBuiltInRuleHasAPositiveCaseAndThereAreAsManyNegatives() throws IOException {
        // rules that decide on investigation context fire only on a case with a context.json; those without one are
        // covered by InvestigationRulesTest with context facts
        Set<String> needContext = new HashSet<>();
        for (RuleFile f : RuleSources.builtIn()) {
            if (f.path().startsWith("investigation/")) {
                f.content()
                        .lines()
                        .filter(l -> l.startsWith("rule \""))
                        .forEach(l -> needContext.add(l.substring(6, l.lastIndexOf('"'))));
            }
        }
        assertThat(needContext).hasSizeGreaterThanOrEqualTo(4);
        List<String> allRules = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1))
                .ruleSet()
                .ruleNames();
        List<String> ruleNames =
                allRules.stream().filter(n -> !needContext.contains(n)).toList();
        Set<String> covered = new HashSet<>();
        int negatives = 0;
        for (Case c : cases()) {
            c.expected().path("rules").forEach(n -> covered.add(n.asText()));
            if (c.expected().path("rules").isEmpty()
                    && c.expected().path("commands").isEmpty()) {
                negatives++;
            }
            if (c.expected().path("rules").toString().contains("new source IP")
                    || c.expected().path("rules").toString().contains("Repeat offender")) {
                assertThat(c.dir().resolve("context.json"))
                        .as(c.dir() + ": a context rule's case carries its context")
                        .exists();
            }
        }
        assertThat(allRules).containsAll(covered);
        assertThat(covered).containsAll(ruleNames);
        assertThat(covered)
                .as("the activity rule has its sample")
                .contains("Access key used from a new source IP: escalate");
        assertThat(covered)
                .as("the related-findings rule has its sample")
                .contains("Repeat offender: escalate a medium finding");
        assertThat(negatives).isGreaterThanOrEqualTo(ruleNames.size());
    }
}
