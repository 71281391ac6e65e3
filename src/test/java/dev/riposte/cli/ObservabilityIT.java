package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.LogFilterPattern;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production surface of the packaged jar: Prometheus metrics, health and OpenAPI on the management port
 * only, JSON logs with the event id, and CLI stdout that stays clean while JSON logs go to stderr.
 */
class ObservabilityIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path LOGIN = Path.of("src/test/resources/normalize/cloudtrail-consolelogin-root-success/input.json");
    static final String RULE = """
            package rules.custom

            import dev.riposte.fact.SecurityEvent
            import dev.riposte.command.ActionCommand

            rule "login seen"
            when
                $e : SecurityEvent( source == "cloudtrail", type == "ConsoleLogin" )
            then
                insert(ActionCommand.of("notify:log", $e.id()).with("message", "console login").with("level", "info"));
            end

            rule "login level from the event"
            when
                $e : SecurityEvent( source == "cloudtrail", type == "ConsoleLogin" )
            then
                // "ConsoleLogin" is no log level: the command fails its parameter check, a failed decision
                insert(ActionCommand.of("notify:log", $e.id()).with("message", "login").with("level", $e.type()));
            end
            """;

    @TempDir
    Path tmp;

    Process serve;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void metricsHealthAndOpenApiAreOnTheManagementPortAndLogsAreJsonWithTheEventId() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules/custom"));
        Files.writeString(rules.resolve("login.drl"), RULE);
        int port = freePort();
        int management = freePort();
        Path err = tmp.resolve("err.txt");
        // live mode is safe here: the only action is notify:log, which writes a log line and calls no AWS API
        serve = Riposte.builder(
                        List.of(
                                "-Dquarkus.http.port=" + port,
                                "-Dquarkus.management.port=" + management,
                                "-Driposte.rules.dir=" + tmp.resolve("rules"),
                                "-Driposte.audit.file=" + tmp.resolve("audit.jsonl"),
                                "-Driposte.state.dir=" + tmp.resolve("state"),
                                "-Driposte.dry-run=false",
                                "-Dquarkus.http.host=127.0.0.1"),
                        "serve") // live ingest without a token: loopback only
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(err.toFile())
                .start();
        Riposte.waitUntil(() -> get(management, "/q/health/ready").statusCode() == 200, "serve did not come up");

        HttpResponse<String> ok = post(port, Files.readString(LOGIN));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String eventId = JSON.readTree(ok.body()).at("/decisions/0/eventId").asText();
        assertThat(eventId).isNotBlank();
        assertThat(post(port, "{not json").statusCode()).isEqualTo(400);

        String metrics = get(management, "/q/metrics").body();
        assertThat(metrics)
                .contains("riposte_events_total{source=\"cloudtrail\"} 1.0")
                .contains("riposte_events_total{source=\"rejected\"} 1.0")
                .contains("riposte_rules_fired_total{rule=\"login seen\"} 1.0")
                .contains("riposte_commands_total{action=\"notify:log\",mode=\"live\",outcome=\"succeeded\"} 1.0")
                .contains("riposte_decisions_total{outcome=\"rejected\"} 1.0")
                .contains("riposte_decisions_total{outcome=\"failed\"} 1.0")
                .contains("riposte_event_processing_seconds{source=\"cloudtrail\",quantile=\"0.99\"}")
                .contains("riposte_command_duration_seconds_count{action=\"notify:log\",outcome=\"succeeded\"} 1")
                .contains("riposte_rules_reloads_total{result=\"success\"}")
                .contains("riposte_breaker_open 0.0");

        // the service port serves events, not operations
        assertThat(get(port, "/q/metrics").statusCode()).isEqualTo(404);
        assertThat(get(port, "/q/health").statusCode()).isEqualTo(404);

        HttpResponse<String> openapi = get(management, "/q/openapi?format=json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(openapi.body())
                        .at("/paths/~1events/post/summary")
                        .asText())
                .isNotBlank();

        // every stderr line is a JSON log record; the notification line carries the event id from the MDC
        List<JsonNode> logs = Files.readAllLines(err).stream()
                .filter(l -> !l.isBlank())
                .map(ObservabilityIT::parse)
                .toList();
        assertThat(logs).anySatisfy(l -> {
            assertThat(l.get("loggerName").asText()).isEqualTo("riposte.notify");
            assertThat(l.at("/mdc/eventId").asText()).isEqualTo(eventId);
        });
        // the failed decision is one WARN line, and the alarm template's metric filter counts it (and nothing else)
        LogFilterPattern failed = LogFilterPattern.parse(
                JSON.readTree(Files.readString(Path.of("deploy/cloudformation/riposte-alarms.json")))
                        .at("/Resources/FailedDecisionsFilter/Properties/FilterPattern")
                        .asText());
        assertThat(logs.stream().filter(failed::matches).toList())
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.get("level").asText()).isEqualTo("WARN");
                    assertThat(l.get("message").asText())
                            .contains("notify:log")
                            .contains("login level from the event")
                            .contains(eventId)
                            .contains("'ConsoleLogin' is not one of");
                });
    }

    @Test
    void cliStdoutStaysMachineReadableWithJsonLogsOnStderrAndNoPortOpens() throws Exception {
        // debug logging on, so that there certainly are log lines to keep off stdout; the ports are taken,
        // so the run also proves that a CLI command opens neither the HTTP nor the management port
        Riposte.Run run;
        try (ServerSocket taken = new ServerSocket(0)) {
            run = Riposte.run(
                    List.of(
                            "-Dquarkus.log.level=DEBUG",
                            "-Dquarkus.http.port=" + taken.getLocalPort(),
                            "-Dquarkus.management.port=" + taken.getLocalPort()),
                    "normalize",
                    LOGIN.toString());
        }
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("Build time property cannot be changed");
        List<String> out = run.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(out).hasSize(1);
        assertThat(parse(out.get(0)).get("source").asText()).isEqualTo("cloudtrail");
        List<String> err = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(err)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(parse(l).has("level")).as(l).isTrue());
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    HttpResponse<String> post(int port, String body) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(int port, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
