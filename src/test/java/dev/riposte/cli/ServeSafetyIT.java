package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18's security defaults, through {@code riposte serve} of the packaged jar. */
class ServeSafetyIT {
    @TempDir
    Path tmp;

    final List<Process> started = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process serve(Path err, int port, int management, String... props) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management,
                "-Driposte.audit.file=" + tmp.resolve("audit.jsonl"),
                "-Driposte.state.dir=" + tmp.resolve("state"),
                "-Driposte.investigate.enabled=false"));
        all.addAll(List.of(props));
        Process p = Riposte.builder(all, "serve")
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(err.toFile())
                .start();
        started.add(p);
        return p;
    }

    @Test
    void liveModeRefusesUnauthenticatedIngestOnANetworkAddress() throws Exception {
        Path err = tmp.resolve("err.txt");
        Process p = serve(err, freePort(), freePort(), "-Driposte.dry-run=false", "-Dquarkus.http.host=0.0.0.0");
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("serve must stop by itself")
                .isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(err))
                .contains("refusing to start")
                .contains("riposte.ingest.token")
                .contains("riposte.ingest.allow-unauthenticated=true")
                .doesNotContain("at dev.riposte");
    }

    @Test
    void anExplicitSettingAllowsItAndEveryStartWarns() throws Exception {
        Path err = tmp.resolve("err.txt");
        int management = freePort();
        serve(
                err,
                freePort(),
                management,
                "-Driposte.dry-run=false",
                "-Dquarkus.http.host=0.0.0.0",
                "-Driposte.ingest.allow-unauthenticated=true");
        Riposte.waitUntil(() -> get(management, "/q/health/ready").statusCode() == 200, "serve did not come up");
        assertThat(Files.readString(err)).contains("WARN").contains("UNAUTHENTICATED POST /events");
    }

    @Test
    void aTokenOrDryRunNeedsNoExplicitSetting() throws Exception {
        Path err = tmp.resolve("err.txt");
        int port = freePort();
        int management = freePort();
        serve(
                err,
                port,
                management,
                "-Driposte.dry-run=false",
                "-Dquarkus.http.host=0.0.0.0",
                "-Driposte.ingest.token=s3cret");
        Riposte.waitUntil(
                () -> get(management, "/q/health/ready").statusCode() == 200, "serve with a token did not come up");
        assertThat(post(port, "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(401);
        assertThat(Files.readString(err)).doesNotContain("UNAUTHENTICATED");
    }

    @Test
    void badInputAtTheEdgeGetsAReasonAndAnAuditRecord() throws Exception {
        Path err = tmp.resolve("err.txt");
        int port = freePort();
        int management = freePort();
        serve(
                err,
                port,
                management,
                "-Driposte.admin.api-keys=alice:operator:"
                        + "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"); // sha256("secret")
        Riposte.waitUntil(() -> get(management, "/q/health/ready").statusCode() == 200, "serve did not come up");

        // over Riposte's 5 MiB, and over the framework's former 10 MiB: both answered by Riposte with its reason
        for (int mib : new int[] {6, 11}) {
            HttpResponse<String> big =
                    post(port, ("[" + " ".repeat(mib * 1024 * 1024) + "]").getBytes(StandardCharsets.UTF_8));
            assertThat(big.statusCode()).as("%d MiB", mib).isEqualTo(413);
            assertThat(CliIT.parse(big.body()).get("error").asText())
                    .contains("too large")
                    .contains("5 MiB");
        }
        // a GuardDuty finding with a byte that is not UTF-8 in it is refused, not acted on
        byte[] finding = Files.readAllBytes(Path.of("samples/guardduty/ec2-tor-client/event.json"));
        byte[] broken = new byte[finding.length + 1];
        System.arraycopy(finding, 0, broken, 0, 20);
        broken[20] = (byte) 0xC3; // a lead byte followed by ASCII: malformed
        System.arraycopy(finding, 20, broken, 21, finding.length - 20);
        HttpResponse<String> bad = post(port, broken);
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(CliIT.parse(bad.body()).get("error").asText())
                .startsWith("not UTF-8")
                .contains("offset 20");

        List<JsonNode> rejected = Files.readAllLines(tmp.resolve("audit.jsonl")).stream()
                .map(CliIT::parse)
                .filter(r -> "rejected".equals(r.path("outcome").asText()))
                .toList();
        assertThat(rejected)
                .extracting(r -> r.path("error").asText())
                .anyMatch(e -> e.startsWith("too large: 6291458 bytes"))
                .anyMatch(e -> e.startsWith("too large: 11534338 bytes"))
                .anyMatch(e -> e.startsWith("not UTF-8"));
        assertThat(rejected).noneMatch(r -> "planned".equals(r.path("outcome").asText()));

        // OPTIONS on the admin API needs credentials like a read
        HttpResponse<String> options =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/decisions"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(options.statusCode()).isEqualTo(401);
        HttpResponse<String> allowed =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/decisions"))
                        .header("X-API-Key", "secret")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(allowed.statusCode()).isBetween(200, 204);
    }

    HttpResponse<String> post(int port, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET()
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
