package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Correlation survives {@code kill -9} and hot reloads, on the packaged jar: {@code serve} (file state backend, the
 * built-in CloudTrail rules from a rules folder) is killed mid-window and started again on the same state folder. A
 * brute-force window opened before the kill, and spanning a reload of an unrelated rule file after it, still fires,
 * once; an absence window that closed while no process ran fires once when the new one starts, audited against the
 * StopLogging, and the notification decided before the kill is not repeated. The two-replica variant, a standby taking
 * over from a killed owner on DynamoDB, is {@link CorrelationFailoverIT}.
 */
class CorrelationServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRUTE_FORCE = "Console login success after repeated failures: notify";
    private static final String STOPPED = "CloudTrail logging stopped or trail deleted: notify";
    private static final String NOT_RESTARTED =
            "CloudTrail logging stopped and not restarted within 10 minutes: start logging";

    @TempDir
    Path tmp;

    Path rules;
    Path audit;
    ServeProcess serve;
    int incarnation;

    @BeforeEach
    void setUp() throws IOException {
        rules = Files.createDirectories(tmp.resolve("rules/cloudtrail"));
        Files.copy(
                Path.of("src/main/resources/rules/cloudtrail/console-login.drl"), rules.resolve("console-login.drl"));
        Files.copy(Path.of("src/main/resources/rules/cloudtrail/logging.drl"), rules.resolve("logging.drl"));
        Files.writeString(
                Files.createDirectories(tmp.resolve("rules/custom")).resolve("unrelated.drl"), unrelated("first"));
        audit = tmp.resolve("audit.jsonl");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (serve != null) {
            serve.close();
        }
    }

    void start() throws Exception {
        serve = ServeProcess.start(
                        tmp,
                        "serve" + ++incarnation,
                        List.of(
                                "-Driposte.rules.dir=" + tmp.resolve("rules"),
                                "-Driposte.audit.file=" + audit,
                                "-Driposte.state.dir=" + tmp.resolve("state"),
                                "-Driposte.reports.dir=" + tmp.resolve("reports"),
                                "-Driposte.rules.poll-interval=200ms",
                                "-Driposte.investigate.enabled=false"))
                .awaitReady();
    }

    @Test
    void aBruteForceWindowSpansAKillAndAHotReloadAndFiresOnce() throws Exception {
        List<String> lines =
                Files.readAllLines(Path.of("samples/cloudtrail/console-brute-force-then-success/events.jsonl"));
        Instant now = Instant.now();
        start();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = serve.post(at(lines.get(i), now.minus(Duration.ofMinutes(5 - i))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(BRUTE_FORCE);
        }
        serve.kill9();
        start();
        Files.writeString(tmp.resolve("rules/custom/unrelated.drl"), unrelated("second"));
        Riposte.waitUntil(
                () -> CliIT.parse(serve.get("/q/health/ready").body())
                                .findValue("reloadsOk")
                                .asInt()
                        == 1,
                "the edited unrelated rule file was not loaded");
        HttpResponse<String> success = serve.post(at(lines.get(5), Instant.now()));
        assertThat(success.statusCode()).as(success.body()).isEqualTo(200);
        assertThat(success.body())
                .as("the failures before the kill and the reload still count")
                .contains(BRUTE_FORCE);
        Thread.sleep(2000); // a few ticks
        assertThat(records(BRUTE_FORCE))
                .extracting(r -> r.get("outcome").asText())
                .containsExactly("planned");
    }

    @Test
    void anAbsenceWindowThatClosesWhileNoProcessRunsFiresOnceOnTheNextStart() throws Exception {
        start();
        Instant stopped = Instant.now().minus(Duration.ofMinutes(10)).plusSeconds(8);
        String stop = Files.readString(Path.of("samples/cloudtrail/stop-logging/event.json"))
                .replace("2024-05-01T12:20:00Z", stopped.toString());
        HttpResponse<String> r = serve.post(stop);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains(STOPPED).doesNotContain(NOT_RESTARTED);
        String stopId = CliIT.parse(r.body()).findValue("eventId").asText();
        serve.kill9();
        // the window closes eight seconds after the kill, while nothing runs
        long wait = Duration.between(Instant.now(), stopped.plus(Duration.ofMinutes(10)))
                        .toMillis()
                + 1000;
        if (wait > 0) {
            Thread.sleep(wait);
        }
        start();
        Riposte.waitUntil(
                () -> !records(NOT_RESTARTED).isEmpty(), "the window that closed during the gap did not fire");
        Thread.sleep(2000); // a few ticks: it does not fire again
        List<JsonNode> fired = records(NOT_RESTARTED);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).get("eventId").asText())
                .as("audited against the StopLogging")
                .isEqualTo(stopId);
        assertThat(fired.get(0).get("action").asText()).isEqualTo("cloudtrail:start-logging");
        assertThat(fired.get(0).get("outcome").asText()).isEqualTo("planned");
        assertThat(records(STOPPED))
                .as("the notification decided before the kill is not repeated")
                .hasSize(1);

        // a clean restart right after: nothing again
        assertThat(serve.stop()).as("stopped by SIGTERM").isTrue();
        start();
        Thread.sleep(2000);
        assertThat(records(NOT_RESTARTED)).hasSize(1);
        assertThat(records(STOPPED)).hasSize(1);
    }

    /** The sample line with its event time (envelope and CloudTrail record) set to {@code time}. */
    static String at(String line, Instant time) throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(line);
        e.put("time", time.toString());
        ((ObjectNode) e.get("detail")).put("eventTime", time.toString());
        return e.toString();
    }

    static String unrelated(String version) {
        return """
                package rules.custom;

                import dev.riposte.fact.*;
                import dev.riposte.command.*;

                rule "unrelated %s"
                when
                    $e : SecurityEvent(source == "health", type == "AWS_EC2_%s")
                then
                    insert(ActionCommand.of("notify:log", $e.id()).with("message", "unrelated"));
                end
                """.formatted(version, version.toUpperCase());
    }

    List<JsonNode> records(String rule) {
        return ServeProcess.audit(audit).stream()
                .filter(r -> rule.equals(r.path("rule").asText()))
                .toList();
    }
}
