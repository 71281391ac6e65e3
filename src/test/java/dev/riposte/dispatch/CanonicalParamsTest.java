package dev.riposte.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters compare by value: the idempotency and cooldown keys are made of this text. */
class CanonicalParamsTest {

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theOrderParametersWereSetInDoesNotMatterAtAnyLevel() {
        Map<String, Object> a = ordered("toPort", 22, "cidr", "0.0.0.0/0", "tags", ordered("b", "2", "a", "1"));
        Map<String, Object> b = ordered("tags", ordered("a", "1", "b", "2"), "cidr", "0.0.0.0/0", "toPort", 22L);

        assertThat(CanonicalParams.of(a))
                .isEqualTo(CanonicalParams.of(b))
                .isEqualTo("{\"cidr\":\"0.0.0.0/0\",\"tags\":{\"a\":\"1\",\"b\":\"2\"},\"toPort\":22}");
        assertThat(CanonicalParams.digest(a))
                .isEqualTo(CanonicalParams.digest(b))
                .hasSize(64);
    }

    @Test
    void differentValuesGiveDifferentKeysAndNoValueCanPassForTwo() {
        assertThat(CanonicalParams.of(ordered("port", 22))).isNotEqualTo(CanonicalParams.of(ordered("port", 3389)));
        // a value that looks like two parameters stays one: JSON quotes it
        assertThat(CanonicalParams.of(ordered("a", "1\",\"b\":\"2")))
                .isNotEqualTo(CanonicalParams.of(ordered("a", "1", "b", "2")));
        assertThat(CanonicalParams.of(Map.of())).isEqualTo("{}");
        // values JSON has no type for are compared by their text, as the audit record shows them
        assertThat(CanonicalParams.of(
                        ordered("at", Instant.parse("2024-05-01T12:00:00Z"), "ids", List.of("i-1", "i-2"))))
                .isEqualTo("{\"at\":\"2024-05-01T12:00:00Z\",\"ids\":[\"i-1\",\"i-2\"]}");
    }
}
