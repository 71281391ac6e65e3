package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

    ServeProcess serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    /** Starts {@code serve} with {@code props} and the audit and state in this test's folder, not waiting for it. */
    ServeProcess serve(String... props) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "-Driposte.audit.file=" + tmp.resolve("audit.jsonl"),
                "-Driposte.state.dir=" + tmp.resolve("state"),
                "-Driposte.investigate.enabled=false"));
        all.addAll(List.of(props));
        serve = ServeProcess.start(tmp, "serve", all);
        return serve;
    }

    @Test
    void liveModeRefusesUnauthenticatedIngestOnANetworkAddress() throws Exception {
        ServeProcess s = serve("-Driposte.dry-run=false", "-Dquarkus.http.host=0.0.0.0");
        assertThat(s.process.waitFor(120, TimeUnit.SECONDS))
                .as("serve must stop by itself")
                .isTrue();
        assertThat(s.process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(s.err))
                .contains("refusing to start")
                .contains("riposte.ingest.token")
                .contains("riposte.ingest.allow-unauthenticated=true")
                .doesNotContain("at dev.riposte");
    }

    @Test
    void anExplicitSettingAllowsItAndEveryStartWarns() throws Exception {
        ServeProcess s = serve(
                        "-Driposte.dry-run=false",
                        "-Dquarkus.http.host=0.0.0.0",
                        "-Driposte.ingest.allow-unauthenticated=true")
                .awaitReady();
        assertThat(Files.readString(s.err)).contains("WARN").contains("UNAUTHENTICATED POST /events");
    }

    @Test
    void aTokenOrDryRunNeedsNoExplicitSetting() throws Exception {
        ServeProcess s = serve(
                        "-Driposte.dry-run=false", "-Dquarkus.http.host=0.0.0.0", "-Driposte.ingest.token=s3cret")
                .awaitReady();
        assertThat(s.post("{}").statusCode()).isEqualTo(401);
        assertThat(Files.readString(s.err)).doesNotContain("UNAUTHENTICATED");
    }

    @Test
    void badInputAtTheEdgeGetsAReasonAndAnAuditRecord() throws Exception {
        ServeProcess s = serve("-Driposte.admin.api-keys=alice:operator:"
                        + "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b") // sha256("secret")
                .awaitReady();

        // over Riposte's 5 MiB, and over the framework's former 10 MiB: both answered by Riposte with its reason
        for (int mib : new int[] {6, 11}) {
            HttpResponse<String> big =
                    s.post(("[" + " ".repeat(mib * 1024 * 1024) + "]").getBytes(StandardCharsets.UTF_8));
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
        HttpResponse<String> bad = s.post(broken);
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
        HttpResponse<String> options = ServeProcess.send(HttpRequest.newBuilder(s.uri("/admin/decisions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(options.statusCode()).isEqualTo(401);
        HttpResponse<String> allowed = ServeProcess.send(HttpRequest.newBuilder(s.uri("/admin/decisions"))
                .header("X-API-Key", "secret")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(allowed.statusCode()).isBetween(200, 204);
    }
}
