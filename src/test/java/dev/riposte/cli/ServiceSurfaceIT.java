package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.8 through {@code riposte serve} of the packaged jar: bad admin parameters get 400 with a one-line reason, and
 * the OpenAPI document served on the management port describes the bodies (request and answer schemas that match what
 * the endpoints really answer) and the credentials (API key, OIDC, ingest token) each operation takes.
 */
class ServiceSurfaceIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VIEWER_KEY = "secret"; // sha256 below
    static final String VIEWER_SHA256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";
    static final String OPERATOR_KEY = "ops-secret";
    static final String OPERATOR_SHA256 = "32323cfa9ec9d62750daad0836a4cf3d7b60d23723b7852a529667deed01669f";

    @TempDir
    static Path tmp;

    static Process serve;
    static int port;
    static int management;
    static JsonNode openapi;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        port = freePort();
        management = freePort();
        serve = Riposte.builder(
                        List.of(
                                "-Dquarkus.http.port=" + port,
                                "-Dquarkus.management.port=" + management,
                                "-Driposte.audit.file=" + tmp.resolve("audit.jsonl"),
                                "-Driposte.state.dir=" + tmp.resolve("state"),
                                "-Driposte.investigate.enabled=false",
                                "-Driposte.admin.api-keys=carol:viewer:" + VIEWER_SHA256 + ",dave:operator:"
                                        + OPERATOR_SHA256),
                        "serve")
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile())
                .start();
        Riposte.waitUntil(() -> get(management, "/q/health/ready", null).statusCode() == 200, "serve did not come up");
        HttpResponse<String> doc = get(management, "/q/openapi?format=json", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        openapi = JSON.readTree(doc.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void badAdminParametersAreA400WithAOneLineReason() throws Exception {
        HttpResponse<String> limit = get(port, "/admin/decisions?limit=abc", VIEWER_KEY);
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(limit.body()).get("error").asText())
                .startsWith("limit must be a number from 1 to")
                .contains("'abc'")
                .doesNotContain("\n");
        HttpResponse<String> outcome = get(port, "/admin/decisions?outcome=bogus", VIEWER_KEY);
        assertThat(outcome.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(outcome.body()).get("error").asText())
                .startsWith("unknown outcome 'bogus': one of no-match, planned")
                .doesNotContain("\n");
        assertThat(get(port, "/admin/decisions?outcome=failed&limit=5", VIEWER_KEY)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theDocumentDeclaresTheSecuritySchemesEveryOperationNames() {
        JsonNode schemes = openapi.at("/components/securitySchemes");
        assertThat(schemes.at("/adminApiKey/type").asText()).isEqualTo("apiKey");
        assertThat(schemes.at("/adminApiKey/in").asText()).isEqualTo("header");
        assertThat(schemes.at("/adminApiKey/name").asText()).isEqualTo("X-API-Key");
        assertThat(schemes.at("/adminOidc/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/adminOidc/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/adminOidc/bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.at("/ingestToken/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/ingestToken/scheme").asText()).isEqualTo("bearer");

        List<String> operations = new ArrayList<>();
        eachOperation((path, method, op) -> {
            operations.add(method + " " + path);
            Set<String> named = new TreeSet<>();
            op.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(named::add));
            assertThat(named)
                    .as("%s %s names only declared schemes", method, path)
                    .isNotEmpty();
            named.forEach(n -> assertThat(schemes.has(n))
                    .as("%s %s names scheme %s", method, path, n)
                    .isTrue());
            if (path.startsWith("/admin/")) {
                assertThat(named).as(method + " " + path).containsExactlyInAnyOrder("adminApiKey", "adminOidc");
                assertThat(op.path("responses").has("401"))
                        .as(method + " " + path)
                        .isTrue();
                assertThat(op.path("responses").has("403"))
                        .as(method + " " + path)
                        .isTrue();
            } else {
                assertThat(named).as(method + " " + path).containsExactly("ingestToken");
                assertThat(op.path("responses").has("401"))
                        .as(method + " " + path)
                        .isTrue();
            }
        });
        assertThat(operations)
                .contains(
                        "post /events",
                        "get /admin/decisions",
                        "get /admin/approvals",
                        "post /admin/approvals/{id}/approve",
                        "post /admin/approvals/{id}/reject",
                        "get /admin/breaker",
                        "post /admin/breaker/reset",
                        "get /admin/rules",
                        "post /admin/rules/reload");
    }

    @Test
    void everyBodyHasASchemaWithProperties() {
        JsonNode ingest = resolve(openapi.at("/paths/~1events/post/requestBody/content/application~1json/schema"));
        assertThat(ingest.path("oneOf").size())
                .as("one event or an array of events: %s", ingest)
                .isEqualTo(2);
        eachOperation((path, method, op) -> op.path("responses").fields().forEachRemaining(response -> {
            String what = method + " " + path + " " + response.getKey();
            JsonNode content = response.getValue().path("content");
            if (response.getKey().equals("204")) {
                return;
            }
            assertThat(content.has("application/json"))
                    .as("%s answers JSON: %s", what, response.getValue())
                    .isTrue();
            JsonNode schema = resolve(content.at("/application~1json/schema"));
            if (schema.path("type").asText().equals("array")) {
                schema = resolve(schema.path("items"));
            }
            assertThat(properties(schema)).as("%s: %s", what, schema).isNotEmpty();
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                // the reason: one line; the rule problems of a refused reload; the decisions of a rate-limited event
                assertThat(properties(schema)).as(what).containsAnyOf("error", "lastErrors", "decisions");
            }
        }));
    }

    @Test
    void theSchemasNameWhatTheEndpointsReallyAnswer() throws Exception {
        // a Tor caller with IAM credentials: its playbook's deny-all step waits for an operator (dry-run: no AWS call)
        HttpResponse<String> events = post(
                port, "/events", Files.readString(Path.of("samples/guardduty/iam-tor-ip-caller/event.json")), null);
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(events.body());
        assertThat(names(answer)).isEqualTo(answerSchema("/events", "post", "200"));
        Set<String> record =
                properties(resolve(schemaOf("/events", "post", "200").at("/properties/decisions/items")));
        assertThat(answer.get("decisions"))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(record).containsAll(names(d)));

        for (String path : List.of("/admin/rules", "/admin/breaker", "/admin/approvals", "/admin/decisions")) {
            HttpResponse<String> r = get(port, path, VIEWER_KEY);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            if (body.isArray()) {
                Set<String> item = answerSchema(path, "get", "200");
                body.forEach(i -> assertThat(item).as(path).containsAll(names(i)));
            } else {
                assertThat(names(body)).as(path).isEqualTo(answerSchema(path, "get", "200"));
            }
        }
        JsonNode pending =
                JSON.readTree(get(port, "/admin/approvals", VIEWER_KEY).body());
        assertThat(pending).as("the playbook's approval step waits").hasSize(1);
        String approve = "/admin/approvals/" + pending.get(0).get("id").asText() + "/approve";
        HttpResponse<String> approved = post(port, approve, "", OPERATOR_KEY);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(answerSchema(approve.replaceAll("/approvals/[^/]+/", "/approvals/{id}/"), "post", "200"))
                .containsAll(names(JSON.readTree(approved.body())));
        HttpResponse<String> again = post(port, approve, "", OPERATOR_KEY);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(names(JSON.readTree(again.body())))
                .isEqualTo(answerSchema("/admin/approvals/{id}/approve", "post", "409"));
        HttpResponse<String> viewer = post(port, approve, "", VIEWER_KEY);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(names(JSON.readTree(viewer.body())))
                .isEqualTo(answerSchema("/admin/approvals/{id}/approve", "post", "403"));

        HttpResponse<String> refused = get(port, "/admin/rules", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(names(JSON.readTree(refused.body()))).isEqualTo(answerSchema("/admin/rules", "get", "401"));
    }

    /** The property names of the schema an operation declares for one answer (of its items, for an array). */
    static Set<String> answerSchema(String path, String method, String status) {
        JsonNode schema = schemaOf(path, method, status);
        if (schema.path("type").asText().equals("array")) {
            schema = resolve(schema.path("items"));
        }
        return properties(schema);
    }

    static JsonNode schemaOf(String path, String method, String status) {
        return resolve(openapi.path("paths")
                .path(path)
                .path(method)
                .path("responses")
                .path(status)
                .at("/content/application~1json/schema"));
    }

    static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema : openapi.at(ref.substring(1));
    }

    /** The properties a schema names; of any of its alternatives for a {@code oneOf}. */
    static Set<String> properties(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        schema.path("oneOf").forEach(alternative -> names.addAll(properties(resolve(alternative))));
        return names;
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    interface OperationCheck {
        void check(String path, String method, JsonNode operation);
    }

    static void eachOperation(OperationCheck check) {
        Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields();
        assertThat(paths.hasNext()).isTrue();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fields().forEachRemaining(m -> check.check(p.getKey(), m.getKey(), m.getValue()));
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> post(int port, String path, String body, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(int port, String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET();
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
