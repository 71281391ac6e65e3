package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.audit.AuditRecord;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.RuleSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skipping events no rule can reach changes no decision: the benchmark's corpus and rules, replayed both ways. */
class InertEventsTest {
    @TempDir
    Path dir;

    @Test
    void replayDecidesTheSameWithAndWithoutInertEventsInTheSession() {
        new CorpusGenerator(7).generate(dir, 12_000);
        List<RuleFile> files = new ArrayList<>(RuleSources.builtIn());
        files.add(new RuleFile("generated/generated.drl", Benchmark.generatedRules(Benchmark.GENERATED_RULES)));
        CompileResult compiled = RuleCompiler.compile(files, Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        RuleSet rules = compiled.ruleSet();

        ReplayerTest.Collecting skipping = new ReplayerTest.Collecting();
        ReplayReport a = Fixtures.replayer()
                .run(new Replayer.Input(List.of(dir), null, null, rules, null, skipping), Progress.NONE);
        ReplayerTest.Collecting inserting = new ReplayerTest.Collecting();
        ReplayReport b = Fixtures.replayer()
                .skipInertEvents(false)
                .run(new Replayer.Input(List.of(dir), null, null, rules, null, inserting), Progress.NONE);

        assertThat(a.facts()).isEqualTo(12_000);
        assertThat(a.rules()).isEqualTo(b.rules());
        assertThat(a.outcomes()).isEqualTo(b.outcomes());
        assertThat(decisions(skipping.records)).hasSizeGreaterThan(500).isEqualTo(decisions(inserting.records));
        // correlation is among them: the brute-force rules join, count in windows and use not
        assertThat(a.rules())
                .filteredOn(r -> r.rule().startsWith("generated") && r.matches() > 0)
                .hasSizeGreaterThan(50);
    }

    private static List<String> decisions(List<AuditRecord> records) {
        return records.stream()
                .map(r -> String.join(
                        "|",
                        r.eventId(),
                        String.valueOf(r.rule()),
                        String.valueOf(r.action()),
                        String.valueOf(r.target()),
                        String.valueOf(r.params()),
                        r.outcome().value()))
                .toList();
    }
}
