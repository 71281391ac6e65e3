package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.fact.Events;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The correlation journal's form of a fact reads back equal: every fact of every sample (its detail as the same plain
 * values, its related facts with their types), and investigation context. What is not a journaled fact is refused.
 */
class FactJsonTest {
    private final Normalizer normalizer = new Normalizer();

    @Test
    void everySampleFactReadsBackEqual() throws Exception {
        List<Normalized> facts = new ArrayList<>();
        try (Stream<RawInput> in = EventFiles.read(List.of(SamplesGoldenTest.SAMPLES))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                if (r.error() == null) {
                    facts.addAll(normalizer.normalize(r.json()));
                }
            }
        }
        assertThat(facts).hasSizeGreaterThan(100);
        int related = 0;
        for (Normalized n : facts) {
            FactJson.Decoded back = FactJson.decode(FactJson.encode(n.event(), n.related()));
            assertThat(back.event()).as(n.event().id()).isEqualTo(n.event());
            assertThat(back.event().detail())
                    .as(n.event().id())
                    .isEqualTo(n.event().detail());
            assertThat(back.with()).as(n.event().id()).isEqualTo(n.related());
            related += n.related().size();
        }
        assertThat(related).as("related facts were among them").isGreaterThan(10);
    }

    @Test
    void investigationContextReadsBackEqual() {
        SecurityEvent e = Events.guardDuty("Recon").id("e-1").severity(5.0).build();
        InvestigationIncomplete incomplete = new InvestigationIncomplete("e-1", "ec2:instance-context", "throttled");
        List<Object> with = List.of(incomplete);
        assertThat(FactJson.decode(FactJson.encode(e, with)).with()).containsExactly(incomplete);
        assertThat(InstanceContext.class.isRecord()).isTrue();
    }

    @Test
    void whatIsNotAJournaledFactIsRefused() {
        SecurityEvent e =
                Events.event("custom", "x").id("e-1").account(null).region(null).build();
        assertThatThrownBy(() -> FactJson.encode(e, List.of("a string")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a fact record");
        assertThatThrownBy(() -> FactJson.decode("{\"id\":\"x\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a journaled fact");
        assertThatThrownBy(() -> FactJson.decode(FactJson.encode(e, List.of())
                        .replace("\"with\":[]", "\"with\":[{\"fact\":\"Paths\",\"value\":{}}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a journaled fact");
    }
}
