package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.state.MotoServer;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code riposte serve} processes of the packaged jar on one DynamoDB (moto): {@code POST /events} to the standby
 * evaluates nothing and answers 503 with {@code Retry-After} and the owner's name; the owner answers 200; once the
 * owner stops, the standby takes the rules over and evaluates what is posted to it.
 */
class StandbyIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    MotoServer moto;
    Serve first;
    Serve second;
    final HttpClient http = HttpClient.newHttpClient();

    record Serve(Process process, int port, int managementPort, Path audit) {}

    @BeforeEach
    void startMoto() {
        moto = MotoServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Serve s : new Serve[] {first, second}) {
            if (s != null) {
                s.process().destroy();
                if (!s.process().waitFor(20, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly();
                }
            }
        }
        moto.close();
    }

    private Serve serve(String name, String table) throws Exception {
        int port = freePort();
        int management = freePort();
        Path audit = tmp.resolve(name + "-audit.jsonl");
        ProcessBuilder b = Riposte.builder(
                List.of(
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.management.port=" + management,
                        "-Driposte.audit.file=" + audit,
                        "-Driposte.state.backend=dynamodb",
                        "-Driposte.state.dynamodb.table=" + table,
                        "-Driposte.state.dynamodb.endpoint=" + moto.endpoint(),
                        "-Driposte.state.dynamodb.region=us-east-1",
                        "-Driposte.state.lease-period=3s",
                        "-Driposte.state.dir=" + tmp.resolve(name + "-state")),
                "serve");
        b.environment().put("AWS_ACCESS_KEY_ID", "test");
        b.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process p = b.redirectOutput(tmp.resolve(name + "-out.txt").toFile())
                .redirectError(tmp.resolve(name + "-err.txt").toFile())
                .start();
        Serve s = new Serve(p, port, management, audit);
        Riposte.waitUntil(() -> get(s, "/q/health/ready").statusCode() == 200, name + " did not come up");
        return s;
    }

    @Test
    void theStandbyRefusesEventsNamingTheOwnerUntilItTakesTheRulesOver() throws Exception {
        String table = moto.createTable();
        first = serve("first", table);
        Riposte.waitUntil(() -> role(first).equals("owner"), "the first replica did not take the rules");
        second = serve("second", table);
        assertThat(role(second)).isEqualTo("standby");
        String ownerId = JSON.readTree(get(first, "/q/health/ready").body())
                .findValue("replica")
                .asText();
        String login = Files.readString(Path.of("samples/cloudtrail/root-console-login/event.json"));

        HttpResponse<String> refused = post(second, login);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("3");
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("role").asText()).isEqualTo("standby");
        assertThat(body.get("rulesOwner").asText()).isEqualTo(ownerId);
        assertThat(body.get("error").asText()).contains("stands by: the rules are owned by " + ownerId);
        assertThat(Files.exists(second.audit()) ? Files.readAllLines(second.audit()) : List.of())
                .as("nothing evaluated, nothing audited on the standby")
                .isEmpty();

        HttpResponse<String> accepted = post(first, login);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"decisions\"");

        // the owner stops (a deploy): it gives the lease up and the standby takes the rules over
        first.process().destroy();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        Riposte.waitUntil(() -> role(second).equals("owner"), "the standby did not take the rules over");
        HttpResponse<String> now = post(second, login);
        assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
        assertThat(Files.readAllLines(second.audit())).isNotEmpty();
    }

    private String role(Serve s) {
        try {
            return JSON.readTree(get(s, "/q/health/ready").body())
                    .findValue("role")
                    .asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(Serve s, String body) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + "/events"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(Serve s, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + s.managementPort() + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
