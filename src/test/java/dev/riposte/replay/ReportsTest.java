package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    @TempDir
    static Path dir;

    static ReplayReport report;

    @BeforeAll
    static void replay() {
        report = Fixtures.replayer()
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir.resolve("events"))),
                                null,
                                null,
                                Fixtures.rules("rules"),
                                Fixtures.rules("rules-next"),
                                null),
                        Progress.NONE);
    }

    @Test
    void jsonReportCarriesTheSummaryRulesTimelineAndDiff() throws Exception {
        Path file = dir.resolve("out/report.json");
        Reports.write(report, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("rulesVersion").asText()).isEqualTo(report.rulesVersion());
        assertThat(json.path("facts").asLong()).isEqualTo(7);
        assertThat(json.path("rejected").asLong()).isEqualTo(1);
        assertThat(json.path("rules")).hasSize(3);
        assertThat(json.path("rules").get(1).path("rule").asText()).isEqualTo(ReplayerTest.BRUTE);
        assertThat(json.path("rules").get(1).path("commands").path("notify:log").asLong())
                .isEqualTo(1);
        assertThat(json.path("timeline").path("buckets")).hasSize(3);
        assertThat(json.path("diff").path("added").asLong()).isEqualTo(1);
        assertThat(json.path("diff")
                        .path("rules")
                        .get(2)
                        .path("examples")
                        .get(0)
                        .path("after")
                        .path("target")
                        .asText())
                .isEqualTo("i-0fedcba9876543210");
    }

    @Test
    void markdownReportHasThePerRuleTableAndTheDiff() throws Exception {
        Path file = dir.resolve("report.md");
        Reports.write(report, file);
        String md = Files.readString(file);
        assertThat(md)
                .contains("| Rule | Matches | Commands | Distinct targets |")
                .contains("| " + ReplayerTest.BRUTE + " | 1 | notify:log x1 | 1 |")
                .contains("| " + ReplayerTest.ISOLATE + " | 1 | ec2:isolate-instance x1 | 1 |")
                .contains("1 added, 1 removed, 1 changed")
                .contains("**added** " + ReplayerTest.ISOLATE + ": event `gd-medium`");
    }

    @Test
    void htmlReportIsSelfContainedAndEscapesWhatItShows() throws Exception {
        Path file = dir.resolve("report.html");
        Reports.write(report, file);
        String html = Files.readString(file);
        assertThat(html)
                .contains("<svg id=\"timeline\"")
                .contains("default-src 'none'")
                .doesNotContain("src=\"http", "href=\"http", "@import", "url(");
        ReplayReport hostile = new ReplayReport(
                "v1",
                1,
                1,
                1,
                1,
                0,
                0,
                0,
                null,
                null,
                1,
                1,
                List.of(new ReplayReport.RuleRow(
                        "<img src=x onerror=alert(1)>", 1, Map.of(), 0, false, Map.of(), List.of())),
                Map.of(),
                null,
                List.of(new ReplayReport.Rejection("a</td>.json", "bad & <worse>")),
                new ReplayReport.Timeline(60, List.of()),
                null);
        String h = HtmlReport.render(hostile);
        assertThat(h)
                .doesNotContain("<img")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("bad &amp; &lt;worse&gt;");
    }

    @Test
    void aFewCommandsOverManyDaysStillShowAsBarsWideEnoughToSeeAndTheBreakerOpeningIsMarked() {
        // one-minute buckets, three commands nine days apart: one slot per minute would make 12,961 slots of 0.07 px
        ReplayReport.Timeline sparse = new ReplayReport.Timeline(
                60,
                List.of(
                        new ReplayReport.Bucket("2024-05-01T12:00:00Z", Map.of("ec2:isolate-instance", 1L)),
                        new ReplayReport.Bucket("2024-05-05T08:00:00Z", Map.of("notify:log", 2L)),
                        new ReplayReport.Bucket("2024-05-10T12:00:00Z", Map.of("ec2:isolate-instance", 1L))));
        StringBuilder b = new StringBuilder();
        HtmlReport.timeline(b, sparse, "2024-05-05T08:00:00Z");
        Matcher m = Pattern.compile("<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"")
                .matcher(b);
        List<Double> widths = new ArrayList<>();
        while (m.find()) {
            widths.add(Double.parseDouble(m.group(1)));
        }
        assertThat(widths)
                .hasSize(3)
                .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo((double) 900 / HtmlReport.MAX_SLOTS - 1));
        assertThat(b)
                .contains("<line id=\"breaker-opened\"")
                .contains("breaker would have opened at 2024-05-05T08:00:00Z")
                .contains("bar: 2 h 8 min of event time");
    }

    @Test
    void anUnknownReportExtensionIsRefused() {
        assertThatThrownBy(() -> Reports.checkName(Path.of("report.pdf")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("report file must end in .json, .md or .html: report.pdf");
    }

    @Test
    void htmlReportRendersInAHeadlessBrowserWithoutErrors() throws Exception {
        Optional<String> chromium = chromium();
        assumeTrue(
                chromium.isPresent(),
                "chromium is not installed (apt-get install -y chromium; .ci/run does it): HTML rendering not checked");
        Path file = dir.resolve("browser/report.html");
        Reports.write(report, file);
        Path profile = Files.createTempDirectory("riposte-chromium");
        List<String> cmd = new ArrayList<>(List.of(
                chromium.get(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--dump-dom",
                file.toUri().toString()));
        Path out = dir.resolve("browser/dom.html");
        Path err = dir.resolve("browser/chromium.log");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        // the inline script ran to its end (an error would have set data-report="error: ...") and saw the chart
        assertThat(dom).contains("data-report=\"ready\"").contains("data-bars=\"3\"");
        assertThat(Files.readString(err)).doesNotContain("Uncaught").doesNotContain("Refused to");
    }

    private static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p.toString());
                }
            }
        }
        return Optional.empty();
    }
}
