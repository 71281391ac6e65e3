package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.normalize.FactJson;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.EventFilter;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleSources;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the correlation journal costs on the benchmark's mixed corpus under the built-in rules: which share of the events
 * a rule can reach (only those are journaled), bytes per journaled entry in the file, and DynamoDB writes (one PutItem
 * per journaled event, its write units by item size). Printed for the README; the assertions keep the numbers honest
 * (the filter leaves events out, every entry reads back equal).
 */
class JournalCostTest {
    @TempDir
    Path dir;

    @Test
    void measuredOnTheBenchCorpus() throws Exception {
        CorpusGenerator.Corpus corpus = new CorpusGenerator(42).generate(dir, 20_000);
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Normalizer normalizer = new Normalizer();
        long events = 0;
        long journaled = 0;
        long fileBytes = 0;
        long writeUnits = 0;
        long largest = 0;
        try (EventFilter filter = compiled.ruleSet().newEventFilter();
                Stream<RawInput> in = EventFiles.read(List.of(corpus.dir()))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                if (r.error() != null) {
                    continue;
                }
                List<Normalized> facts;
                try {
                    facts = normalizer.normalize(r.json());
                } catch (RejectedInputException e) {
                    continue;
                }
                for (Normalized n : facts) {
                    events++;
                    if (!filter.canMatch(n.event())) {
                        continue;
                    }
                    journaled++;
                    String body = FactJson.encode(n.event(), n.related());
                    assertThat(FactJson.decode(body).event()).isEqualTo(n.event());
                    int bytes = body.getBytes(StandardCharsets.UTF_8).length;
                    fileBytes += 13 + 1 + "EVENT".length() + 1 + bytes + 1;
                    // DynamoDB item size: attribute names and values (stream, seq, kind, body, time, expiry)
                    long item = "stream".length()
                            + 5
                            + "seq".length()
                            + 35
                            + "kind".length()
                            + 5
                            + "body".length()
                            + bytes
                            + "time".length()
                            + 8
                            + "expiry".length()
                            + 6;
                    writeUnits += (item + 1023) / 1024;
                    largest = Math.max(largest, bytes);
                }
            }
        }
        System.out.printf(
                "journal cost over %,d events of the bench corpus: %,d journaled (%.1f%%), %,d bytes in the file"
                        + " (%.0f per journaled event, %.1f per event), largest entry %,d bytes; DynamoDB: %.3f PutItem and %.3f"
                        + " write units per event (%.2f WCU per journaled event)%n",
                events,
                journaled,
                100.0 * journaled / events,
                fileBytes,
                (double) fileBytes / journaled,
                (double) fileBytes / events,
                largest,
                (double) journaled / events,
                (double) writeUnits / events,
                (double) writeUnits / journaled);
        assertThat(events).isGreaterThanOrEqualTo(19_000);
        // the corpus is made to hit the rules (brute force, GuardDuty findings...): about half of it can reach one
        assertThat(journaled)
                .as("the filter leaves out what no rule can reach")
                .isLessThan(events * 3 / 4)
                .isPositive();
        assertThat(fileBytes / journaled).as("bytes per entry").isLessThan(8192);
    }
}
