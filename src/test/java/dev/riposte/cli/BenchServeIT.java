package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riposte bench --serve} through the packaged jar, on a tiny run: it starts {@code serve} twice (investigation
 * off, then on) live against its AWS stand-in, posts the events and prints well-formed numbers for each run. What the
 * numbers are is for docs/performance.md, not for a test: nothing here is timed.
 */
class BenchServeIT {
    private static final String NUMBER = "[\\d,]+(?:\\.\\d+)?";
    private static final String DURATION = NUMBER + " (?:ms|s)";
    private static final Pattern RUN =
            Pattern.compile("(investigation o(?:ff|n))\\s+(" + NUMBER + ") events\\s+" + NUMBER
                    + " s\\s+(" + NUMBER + ") events/s\\s+POST /events p50 (" + DURATION + ")\\s+p95 (" + DURATION
                    + ")\\s+p99 (" + DURATION + ")\\s+max (" + DURATION + ")\\s+\\(goal: .+, (met|NOT met)\\)");

    @TempDir
    Path tmp;

    @Test
    void printsEventsPerSecondAndPercentilesWithInvestigationOffAndOn() throws Exception {
        Path out = tmp.resolve("out.txt");
        Process p = Riposte.builder(
                        List.of(),
                        "bench",
                        "--serve",
                        "--events",
                        "40",
                        "--warmup",
                        "10",
                        "--clients",
                        "2",
                        "--aws-latency-ms",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS))
                .as("bench --serve finished")
                .isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("serve load: 40 events (after 10 to warm up) from 2 concurrent clients");

        Matcher m = RUN.matcher(text);
        List<String> runs = new ArrayList<>();
        while (m.find()) {
            runs.add(m.group(1));
            assertThat(m.group(2)).isEqualTo("40");
            assertThat(number(m.group(3))).as(m.group()).isPositive();
            double p50 = millis(m.group(4));
            double p95 = millis(m.group(5));
            double p99 = millis(m.group(6));
            double max = millis(m.group(7));
            assertThat(p50).as(m.group()).isPositive().isLessThanOrEqualTo(p95);
            assertThat(p95).as(m.group()).isLessThanOrEqualTo(p99);
            assertThat(p99).as(m.group()).isLessThanOrEqualTo(max);
        }
        assertThat(runs).as(text).containsExactly("investigation off", "investigation on");

        // every event was answered and decided; the stand-in saw the investigation's reads only when it was on
        String[] sections = text.split("\ninvestigation on");
        assertThat(sections).as(text).hasSize(2);
        for (String s : sections) {
            assertThat(s).as(text).contains("answers: HTTP 200 x40").contains("decisions: ");
            long decided = Arrays.stream(line(s, "  decisions: ").split(", "))
                    .mapToLong(d -> (long) number(d.substring(d.lastIndexOf(' ') + 1)))
                    .sum();
            assertThat(decided).as(s).isGreaterThanOrEqualTo(40);
            assertThat(line(s, "  server: ")).startsWith("40 facts processed, mean ");
        }
        assertThat(line(sections[0], "  AWS calls: ")).doesNotContain("LookupEvents");
        assertThat(line(sections[1], "  AWS calls: "))
                .as("GuardDuty findings are investigated: their recent CloudTrail activity is read")
                .contains("cloudtrail:LookupEvents");
    }

    private static String line(String text, String prefix) {
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .map(l -> l.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + text));
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }

    private static double millis(String d) {
        return d.endsWith(" ms")
                ? number(d.substring(0, d.length() - 3))
                : number(d.substring(0, d.length() - 2)) * 1000;
    }
}
