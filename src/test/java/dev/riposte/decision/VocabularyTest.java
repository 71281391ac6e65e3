package dev.riposte.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit log's words for outcomes and modes: written and read exactly as before they were enums. */
class VocabularyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void outcomesAreWrittenAsTheAuditLogSpellsThemInTheDocumentedOrder() throws Exception {
        assertThat(Outcome.VALUES)
                .containsExactly(
                        "no-match",
                        "planned",
                        "succeeded",
                        "failed",
                        "skipped",
                        "exempt",
                        "deduplicated",
                        "cooldown",
                        "rate-limited",
                        "breaker-open",
                        "rejected");
        assertThat(JSON.writeValueAsString(List.of(Outcome.RATE_LIMITED, Outcome.NO_MATCH)))
                .isEqualTo("[\"rate-limited\",\"no-match\"]");
        assertThat(Outcome.BREAKER_OPEN).hasToString("breaker-open");
    }

    @Test
    void everyOutcomeReadsBackFromItsJsonValue() throws Exception {
        for (Outcome o : Outcome.values()) {
            assertThat(JSON.readValue(JSON.writeValueAsString(o), Outcome.class))
                    .isSameAs(o);
            assertThat(Outcome.of(o.value())).isSameAs(o);
            assertThat(Outcome.find(o.value())).contains(o);
        }
    }

    @Test
    void anUnknownOutcomeIsRefusedWithTheKnownOnes() {
        assertThat(Outcome.find("RATE_LIMITED")).isEmpty();
        assertThat(Outcome.find(null)).isEmpty();
        assertThatThrownBy(() -> Outcome.of("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown outcome 'bogus': one of " + String.join(", ", Outcome.VALUES));
        assertThatThrownBy(() -> JSON.readValue("\"bogus\"", Outcome.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("unknown outcome 'bogus'");
    }

    @Test
    void modesAreWrittenAndReadAsTheAuditLogSpellsThem() throws Exception {
        assertThat(Mode.VALUES).containsExactly("dry-run", "shadow", "live");
        assertThat(JSON.writeValueAsString(Mode.DRY_RUN)).isEqualTo("\"dry-run\"");
        assertThat(Arrays.stream(Mode.values()).map(Mode::toString)).containsExactly("dry-run", "shadow", "live");
        for (Mode m : Mode.values()) {
            assertThat(JSON.readValue(JSON.writeValueAsString(m), Mode.class)).isSameAs(m);
        }
        assertThatThrownBy(() -> Mode.of("DRY_RUN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown mode 'DRY_RUN': one of dry-run, shadow, live");
    }

    @Test
    void shadowWinsOverTheDryRunSetting() {
        assertThat(Mode.of(true, false)).isEqualTo(Mode.SHADOW);
        assertThat(Mode.of(true, true)).isEqualTo(Mode.SHADOW);
        assertThat(Mode.of(false, true)).isEqualTo(Mode.DRY_RUN);
        assertThat(Mode.of(false, false)).isEqualTo(Mode.LIVE);
    }
}
