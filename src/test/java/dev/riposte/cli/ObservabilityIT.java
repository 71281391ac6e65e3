package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.LogFilterPattern;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    ServeProcess serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void metricsHealthAndOpenApiAreOnTheManagementPortAndLogsAreJsonWithTheEventId() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules/custom"));
        Files.writeString(rules.resolve("login.drl"), RULE);
        // live mode is safe here: the only action is notify:log, which writes a log line and calls no AWS API; live
        // ingest without a token: on loopback (ServeProcess's host) only
        serve = ServeProcess.start(
                        tmp,
                        "serve",
                        List.of(
                                "-Driposte.rules.dir=" + tmp.resolve("rules"),
                                "-Driposte.audit.file=" + tmp.resolve("audit.jsonl"),
                                "-Driposte.state.dir=" + tmp.resolve("state"),
                                "-Driposte.dry-run=false"))
                .awaitReady();

        HttpResponse<String> ok = serve.post(Files.readString(LOGIN));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String eventId = JSON.readTree(ok.body()).at("/decisions/0/eventId").asText();
        assertThat(eventId).isNotBlank();
        assertThat(serve.post("{not json").statusCode()).isEqualTo(400);

        String metrics = serve.get("/q/metrics").body();
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
        assertThat(serve.getOnServicePort("/q/metrics").statusCode()).isEqualTo(404);
        assertThat(serve.getOnServicePort("/q/health").statusCode()).isEqualTo(404);

        HttpResponse<String> openapi = serve.get("/q/openapi?format=json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(openapi.body())
                        .at("/paths/~1events/post/summary")
                        .asText())
                .isNotBlank();

        // every stderr line is a JSON log record; the notification line carries the event id from the MDC
        List<JsonNode> logs = Files.readAllLines(serve.err).stream()
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
}
