package dev.riposte.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
    @Test
    void writesWhatInstantToStringWrites() {
        for (String s : new String[] {
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "2024-02-29T23:59:59.5Z",
            "2000-03-01T00:00:00.000001Z",
            "2026-11-29T07:00:00.123456789Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1900-02-28T12:00:00.010Z",
            "2100-03-01T00:00:00Z"
        }) {
            Instant t = Instant.parse(s);
            assertThat(IsoInstant.format(t)).as(s).isEqualTo(t.toString());
        }
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            long second = r.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void yearsPastFourDigitsAreLeftToInstant() {
        for (Instant t : new Instant[] {
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN
        }) {
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
        }
    }
}
