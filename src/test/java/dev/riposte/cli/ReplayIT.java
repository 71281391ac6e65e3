package dev.riposte.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.riposte.replay.Fixtures.ACCOUNT;
import static dev.riposte.replay.Fixtures.cloudTrailLog;
import static dev.riposte.replay.Fixtures.failedLogin;
import static dev.riposte.replay.Fixtures.guardDutyFindings;
import static dev.riposte.replay.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.riposte.replay.SyntheticEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riposte replay} from the packaged jar: a folder of gzipped CloudTrail logs, reports, diff gate, and no AWS call. */
class ReplayIT {
    static final Path RULES = Path.of("src/test/resources/replay/rules");
    static final Path RULES_NEXT = Path.of("src/test/resources/replay/rules-next");

    @TempDir
    Path tmp;

    WireMockServer aws;

    @BeforeEach
    void start() {
        aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        aws.start();
        aws.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(200).withBody("<Response><RequestId>r</RequestId></Response>")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    /** CloudTrail as delivered to S3: a brute force spread over two log files, a StopLogging; GuardDuty findings beside them. */
    private Path events() throws IOException {
        Path root = tmp.resolve("trail");
        cloudTrailLog(root, 12, "aaaa", failedLogin("ct-fail-7", 7));
        cloudTrailLog(
                root,
                10,
                "bbbb",
                failedLogin("ct-fail-4", 4),
                failedLogin("ct-fail-1", 1),
                SyntheticEvents.cloudTrail(
                        "ct-stop-30", t(30), ACCOUNT, "us-east-1", "StopLogging", "mallory", "198.51.100.9", false));
        guardDutyFindings(root.resolve("guardduty.jsonl"));
        return root;
    }

    @Test
    void replayOfGzippedCloudTrailLogsPrintsTheSummaryWritesAllReportsAndNeverCallsAws() throws Exception {
        Path audit = tmp.resolve("audit.jsonl");
        Path json = tmp.resolve("out/report.json");
        Path md = tmp.resolve("out/report.md");
        Path html = tmp.resolve("out/report.html");
        // live configuration, AWS validation on, credentials present, every client pointed at WireMock: replay still
        // sends nothing
        ProcessBuilder pb = Riposte.builder(
                List.of(
                        "-Driposte.dry-run=false",
                        "-Driposte.dry-run.validate=true",
                        "-Driposte.aws.endpoint-override=" + aws.baseUrl(),
                        "-Driposte.aws.region=us-east-1"),
                "replay",
                "--rules",
                RULES.toString(),
                "--audit",
                audit.toString(),
                "--report",
                json.toString(),
                "--report",
                md.toString(),
                "--report",
                html.toString(),
                events().toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        pb.environment().put("AWS_REGION", "us-east-1");
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(out);
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();

        assertThat(stdout)
                .contains("Replay (dry-run, rule set ")
                .contains("3 files, 6 inputs, 6 facts evaluated, 0 rejected")
                .contains("Console sign-in brute force: 3 failures from one IP in 10 minutes")
                .contains("notify:log x1")
                .contains("ec2:isolate-instance x1")
                .contains("Report written to " + html);
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records =
                Files.readAllLines(audit).stream().map(l -> read(mapper, l)).toList();
        assertThat(records)
                .hasSize(6)
                .allSatisfy(r -> assertThat(r.get("mode").asText()).isEqualTo("dry-run"));
        assertThat(records)
                .filteredOn(r -> !r.path("action").isNull())
                .extracting(r -> r.get("outcome").asText())
                .containsOnly("planned")
                .hasSize(3);

        assertThat(mapper.readTree(json.toFile()).path("facts").asLong()).isEqualTo(6);
        assertThat(Files.readString(md)).contains("| Rule | Matches | Commands | Distinct targets |");
        assertThat(Files.readString(html)).contains("<svg id=\"timeline\"").contains("data-report=\"loading\"");
    }

    @Test
    void replayOfTheSamplesWithALowBreakerLimitSaysWhenItWouldHaveOpenedAndWhatItWouldHaveParked() throws Exception {
        Path state = tmp.resolve("live-state");
        Path audit = tmp.resolve("audit.jsonl");
        Path json = tmp.resolve("r.json");
        Path md = tmp.resolve("r.md");
        Path html = tmp.resolve("r.html");
        Riposte.Run run = Riposte.run(
                List.of("-Driposte.breaker.limit=2", "-Driposte.state.dir=" + state),
                "replay",
                "--audit",
                audit.toString(),
                "--report",
                json.toString(),
                "--report",
                md.toString(),
                "--report",
                html.toString(),
                "samples/");
        assertThat(run.exitCode()).as(run.err()).isZero();

        JsonNode sim = new ObjectMapper().readTree(json.toFile()).path("simulation");
        long parked = sim.path("parked").asLong();
        String openedAt = sim.path("breakerOpenedAt").asText();
        assertThat(parked).isPositive();
        assertThat(sim.path("breakerLimit").asInt()).isEqualTo(2);
        assertThat(sim.path("breakerReason").asText())
                .isEqualTo("2 live mutating actions within 10 min (riposte.breaker.limit 2)");
        // the sample events are from 2024: the breaker opens on event time, not at the wall-clock time of the replay
        assertThat(openedAt).startsWith("2024-");
        String sentence = "would have OPENED at " + openedAt
                + " (2 live mutating actions within 10 min (riposte.breaker.limit 2))" + " and parked " + parked
                + " commands until an operator reset it.";
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("If live (riposte.dry-run=false), on event time:")
                .contains(sentence)
                .contains("IF LIVE")
                .contains(" parked")
                .contains("Examples (up to 3 decisions per rule");
        assertThat(run.out().lines())
                .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(Files.readString(md).replaceAll("\\s+", " "))
                .contains("## If live")
                .contains(sentence);
        assertThat(Files.readString(html)).contains("id=\"breaker-opened\"").contains(HtmlEscape.of(sentence));

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records =
                Files.readAllLines(audit).stream().map(l -> read(mapper, l)).toList();
        assertThat(records)
                .filteredOn(r -> "breaker-open"
                        .equals(r.path("simulated").path("outcome").asText()))
                .hasSize((int) parked)
                .allSatisfy(r -> assertThat(r.path("outcome").asText())
                        .as("what the rules asked stays planned")
                        .isEqualTo("planned"));
        assertThat(state).as("replay never touches the live state").doesNotExist();
    }

    /** The HTML report escapes what it shows. */
    private static final class HtmlEscape {
        static String of(String s) {
            return s.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }

    @Test
    void compareRulesListsTheDifferenceAndFailOnDiffGatesIt() throws Exception {
        Path events = events();
        Riposte.Run diff = Riposte.run(
                "replay",
                "--rules",
                RULES.toString(),
                "--compare-rules",
                RULES_NEXT.toString(),
                "--fail-on-diff",
                events.toString());
        assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out())
                .contains(": 1 added, 1 removed, 1 changed")
                .contains("added   event gd-medium")
                .contains("removed event ct-fail-7")
                .contains("changed event ct-stop-30");

        Riposte.Run same = Riposte.run(
                "replay",
                "--rules",
                RULES.toString(),
                "--compare-rules",
                RULES.toString(),
                "--fail-on-diff",
                events.toString());
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.out()).contains("No difference");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path events = events();
        assertThat(Riposte.run("replay", "--rules", RULES.toString(), "--report", "r.pdf", events.toString())
                        .exitCode())
                .isEqualTo(2);
        assertThat(Riposte.run("replay", "--rules", RULES.toString(), "--fail-on-diff", events.toString())
                        .exitCode())
                .isEqualTo(2);
        Riposte.Run missing = Riposte.run(
                "replay", "--rules", RULES.toString(), tmp.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    private static JsonNode read(ObjectMapper m, String line) {
        try {
            return m.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
