package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TimeOptionTest {
    @Test
    void aDateIsMidnightUtcAndATimeWithoutZoneIsUtc() {
        assertThat(TimeOption.parse("2024-05-05")).isEqualTo(Instant.parse("2024-05-05T00:00:00Z"));
        assertThat(TimeOption.parse("2024-05-02T00:00:00")).isEqualTo(Instant.parse("2024-05-02T00:00:00Z"));
        assertThat(TimeOption.parse("2024-05-02T10:15")).isEqualTo(Instant.parse("2024-05-02T10:15:00Z"));
        assertThat(TimeOption.parse("2024-05-02T10:15:30Z")).isEqualTo(Instant.parse("2024-05-02T10:15:30Z"));
        assertThat(TimeOption.parse("2024-05-02t10:15:30z")).isEqualTo(Instant.parse("2024-05-02T10:15:30Z"));
        assertThat(TimeOption.parse("2024-05-02T12:15:30+02:00")).isEqualTo(Instant.parse("2024-05-02T10:15:30Z"));
        assertThat(TimeOption.parse("2024-05-02T10:15:30.250Z")).isEqualTo(Instant.parse("2024-05-02T10:15:30.250Z"));
    }

    @Test
    void aBadValueSaysWhatIsAccepted() {
        for (String bad : new String[] {"yesterday", "2024-13-01", "2024-05-02 10:00", "1714550400"}) {
            assertThatThrownBy(() -> TimeOption.parse(bad))
                    .as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("'" + bad + "' is not a time")
                    .hasMessageContaining("2024-05-01 (midnight UTC)");
        }
    }
}
