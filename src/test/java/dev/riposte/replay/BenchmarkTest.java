package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's own machinery (its numbers are for the README, not for a test): corpus, rules, the report it prints. */
class BenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void generatedCorpusHoldsEveryShapeAsGzippedFilesAndTheGeneratedRulesCompile() {
        CorpusGenerator.Corpus c = new CorpusGenerator(1).generate(dir, 4_000);
        assertThat(c.events()).isEqualTo(4_000);
        assertThat(List.of(c.cloudTrail(), c.guardDuty(), c.config(), c.securityHub()))
                .allMatch(n -> n > 0);

        CompileResult rules = RuleCompiler.compile(
                List.of(new RuleFile("generated/generated.drl", Benchmark.generatedRules(Benchmark.GENERATED_RULES))),
                Duration.ofHours(1));
        assertThat(rules.problems()).isEmpty();
        assertThat(rules.ruleSet().ruleNames()).hasSize(Benchmark.GENERATED_RULES);
    }

    @Test
    void printsParseOnlyAndReplayThroughputForAColdAndAWarmPassWithWhereTheCpuWent() {
        StringWriter text = new StringWriter();
        double ratio = new Benchmark(new Normalizer(), Fixtures.catalogue(), List.of(), new PrintWriter(text))
                .run(dir.resolve("corpus"), 3_000, 2, false);
        String out = text.toString();
        assertThat(out).contains("corpus: 3,000 events", "pass 1 of 2 (cold", "pass 2 of 2 (warm");
        assertThat(out.lines()
                        .filter(l ->
                                l.startsWith("parse only (Jackson readTree, 1 thread)") && l.contains("3,000 events")))
                .hasSize(2);
        assertThat(out.lines()
                        .filter(l -> l.startsWith("replay, 2 parse+normalize workers")
                                && l.contains("3,000 events")
                                && l.contains("0 rejected")))
                .hasSize(2);
        assertThat(out.lines().filter(l -> l.contains("where it went: rule session + merge thread")))
                .hasSize(2);
        assertThat(out).containsPattern("replay / parse-only = \\d+\\.\\d\\d cold, \\d+\\.\\d\\d warm");
        assertThat(ratio).isPositive();
    }
}
