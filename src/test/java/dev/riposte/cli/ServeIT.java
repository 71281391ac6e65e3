package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riposte serve} from the packaged jar: HTTP ingest, audit, and hot reload of the rules folder. */
class ServeIT {
    static final String RULE = """
            package rules.custom

            import dev.riposte.fact.SecurityEvent
            import dev.riposte.command.ActionCommand

            rule "login seen"
            when
                $e : SecurityEvent( source == "cloudtrail", type == "ConsoleLogin" )
            then
                insert(ActionCommand.of("notify:log", $e.id()).with("message", "%s"));
            end
            """;

    /** An absence: logging stopped and not started again within 8 seconds (of the wall clock, in serve). */
    static final String ABSENCE = """
            package rules.custom

            import dev.riposte.fact.SecurityEvent
            import dev.riposte.command.ActionCommand

            rule "stopped and not restarted"
            when
                $e : SecurityEvent( source == "cloudtrail", type == "StopLogging" )
                not SecurityEvent( source == "cloudtrail", type == "StartLogging", this after[0s, 8s] $e )
            then
                insert(ActionCommand.of("notify:log", $e.id()).with("message", "not restarted"));
            end
            """;

    @TempDir
    Path tmp;

    ServeProcess serve;
    Path rules;
    Path audit;

    @BeforeEach
    void start() throws Exception {
        rules = Files.createDirectories(tmp.resolve("rules/custom"));
        Files.writeString(rules.resolve("login.drl"), RULE.formatted("first"));
        Files.writeString(rules.resolve("absence.drl"), ABSENCE);
        audit = tmp.resolve("audit.jsonl");
        serve = ServeProcess.start(
                        tmp,
                        "serve",
                        List.of(
                                "-Driposte.rules.dir=" + tmp.resolve("rules"),
                                "-Driposte.audit.file=" + audit,
                                "-Driposte.rules.poll-interval=200ms",
                                "-Driposte.state.dir=" + tmp.resolve("state")))
                .awaitReady(); // ready: rules loaded, pipeline serving
    }

    @AfterEach
    void stop() throws Exception {
        serve.close();
    }

    @Test
    void eventsArePlannedAndAuditedAndRulesHotReload() throws Exception {
        String login = Files.readString(Path.of("samples/cloudtrail/root-console-login/event.json"));
        HttpResponse<String> first = serve.post(login);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"outcome\":\"planned\"").contains("first");

        // edit -> new behaviour within 2 s
        Files.writeString(rules.resolve("login.drl"), RULE.formatted("second"));
        Riposte.waitUntil(() -> serve.post(login).body().contains("second"), "edited rule not active");

        // broken edit -> old behaviour kept, error reported
        Files.writeString(rules.resolve("login.drl"), RULE.formatted("third").replace("type ==", "tpye =="));
        Riposte.waitUntil(
                () -> serve.get("/q/health/ready").body().contains("login.drl:8"), "broken rule error not reported");
        assertThat(serve.post(login).body()).contains("second");
        assertThat(Files.readString(serve.err)).contains("login.drl:8");

        // bad input is rejected and audited
        HttpResponse<String> bad = serve.post("{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(auditRecords()).extracting(r -> r.get("outcome").asText()).contains("planned", "rejected");
    }

    @Test
    void anAbsenceRuleActsWhenItsWindowClosesWithoutWaitingForAnotherEvent() throws Exception {
        String stop = Files.readString(Path.of("samples/cloudtrail/stop-logging/event.json"))
                .replace("2024-05-01T12:20:00Z", Instant.now().toString());
        HttpResponse<String> r = serve.post(stop);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .as("the eight seconds are not over yet")
                .contains("\"outcome\":\"no-match\"")
                .doesNotContain("not restarted");
        String eventId = CliIT.parse(r.body()).findValue("eventId").asText();
        // no further event: the service's own tick runs the rules when the window has closed
        Riposte.waitUntil(
                () -> auditRecords().stream()
                        .anyMatch(x -> "stopped and not restarted"
                                .equals(x.path("rule").asText())),
                "the absence rule did not fire on its own");
        JsonNode decision = auditRecords().stream()
                .filter(x -> "stopped and not restarted".equals(x.path("rule").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(decision.get("outcome").asText()).isEqualTo("planned");
        assertThat(decision.get("eventId").asText())
                .as("audited against the StopLogging")
                .isEqualTo(eventId);
        assertThat(decision.get("action").asText()).isEqualTo("notify:log");
    }

    List<JsonNode> auditRecords() {
        return ServeProcess.audit(audit);
    }
}
