package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the container image and the ECS task keep secrets out of the task definition, reports and state on the volume, and a health
 * check.
 */
class DeploySafetyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode container() throws IOException {
        return JSON.readTree(Files.readString(Path.of("deploy/ecs/task-definition.json")))
                .at("/containerDefinitions/0");
    }

    @Test
    void theIngestTokenAndAdminKeysComeFromSecretsManagerNotFromPlainEnvironment() throws IOException {
        JsonNode c = container();
        List<String> secrets = new ArrayList<>();
        c.get("secrets").forEach(s -> {
            secrets.add(s.get("name").asText());
            assertThat(s.get("valueFrom").asText()).matches("arn:aws:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");
        });
        assertThat(secrets).containsExactlyInAnyOrder("RIPOSTE_INGEST_TOKEN", "RIPOSTE_ADMIN_API_KEYS");
        c.get("environment").forEach(e -> assertThat(e.get("name").asText()).isNotIn(secrets));
    }

    @Test
    void reportsAuditAndStateLiveOnTheMountedVolumeAndTheTaskChecksReadiness() throws IOException {
        JsonNode c = container();
        String volume = c.at("/mountPoints/0/containerPath").asText();
        List<String> paths = new ArrayList<>();
        c.get("environment").forEach(e -> {
            String n = e.get("name").asText();
            if (n.equals("RIPOSTE_REPORTS_DIR") || n.equals("RIPOSTE_STATE_DIR") || n.equals("RIPOSTE_AUDIT_FILE")) {
                paths.add(e.get("value").asText());
            }
        });
        assertThat(paths).hasSize(3).allSatisfy(p -> assertThat(p).startsWith(volume + "/"));
        assertThat(c.at("/healthCheck/command/1").asText()).contains("http://localhost:9000/q/health/ready");
        for (String dockerfile : List.of("src/main/docker/Dockerfile.jvm", "src/main/docker/Dockerfile.native")) {
            String text = Files.readString(Path.of(dockerfile));
            assertThat(text)
                    .as(dockerfile)
                    .contains("ENV RIPOSTE_REPORTS_DIR=/var/lib/riposte/reports")
                    .contains("VOLUME /var/lib/riposte");
        }
        // the JVM image checks itself; the native one is on the micro image, which has no curl: the orchestrator
        // probes GET :9000/q/health/ready (the ECS task's health check, asserted above, runs the JVM image)
        assertThat(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")))
                .containsPattern("HEALTHCHECK[^\\n]*\\n\\s+CMD curl -fsS http://localhost:9000/q/health/ready");
        assertThat(Files.readString(Path.of("src/main/docker/Dockerfile.native")))
                .doesNotContain("HEALTHCHECK")
                .contains("probe GET :9000/q/health/ready");
    }
}
