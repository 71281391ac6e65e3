package dev.riposte.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HumanTest {

    @Test
    void durationsReadAsWordsWithTheTwoLargestUnits() {
        assertEquals("15 min", Human.duration(Duration.ofMinutes(15)));
        assertEquals("1 h 30 min", Human.duration(Duration.ofMinutes(90)));
        assertEquals("1 d", Human.duration(Duration.ofHours(24)));
        assertEquals("2 d 3 h", Human.duration(Duration.ofHours(51).plusMinutes(7)));
        assertEquals("45 s", Human.duration(Duration.ofSeconds(45)));
        assertEquals("1 min 5 s", Human.duration(Duration.ofSeconds(65)));
        assertEquals("1 h", Human.duration(Duration.ofHours(1).plusSeconds(5)), "a skipped unit ends the text");
        assertEquals("500 ms", Human.duration(Duration.ofMillis(500)));
        assertEquals("1 ms", Human.duration(Duration.ofNanos(10)), "under a millisecond is not shown as zero");
        assertEquals("0 s", Human.duration(Duration.ZERO));
        assertEquals("-10 min", Human.duration(Duration.ofMinutes(-10)));
    }

    @Test
    void numbersHaveSeparatorsWhateverTheLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("200,000", Human.number(200_000));
            assertEquals("1,234,567", Human.number(1_234_567));
            assertEquals("999", Human.number(999));
            assertEquals("-5,709", Human.number(-5_709));
        } finally {
            Locale.setDefault(before);
        }
    }
}
