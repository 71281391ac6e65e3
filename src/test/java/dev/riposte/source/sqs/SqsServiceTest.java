package dev.riposte.source.sqs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import dev.riposte.pipeline.LiveService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The wiring of {@code serve}: the configured queue feeds the live pipeline; health and metrics show the consumer. */
@QuarkusTest
@QuarkusTestResource(value = ElasticMqResource.class, restrictToAnnotatedClass = true)
class SqsServiceTest {

    @Inject
    LiveService live;

    @Inject
    SqsService sqs;

    /** Health and metrics live on the management interface (a free port picked by the test resource). */
    static String management() {
        return "http://localhost:" + ElasticMqResource.managementPort + "/";
    }

    @Test
    void serveConsumesTheConfiguredQueueIntoTheAuditLog() {
        live.start();
        sqs.start();
        ElasticMqResource.sqs.send(
                ElasticMqResource.queueUrl, Harness.event("evt-wired", "Host Compromised", "i-0dddddddddddddddd"));
        ElasticMqResource.sqs.send(ElasticMqResource.queueUrl, "{broken");
        Path audit = ElasticMqResource.work.resolve("audit.jsonl");
        Harness.await(
                Duration.ofSeconds(30),
                "both messages audited",
                () -> lines(audit).contains("evt-wired")
                        && lines(audit).contains("\"rejected\"")
                        && ElasticMqResource.sqs.depth(ElasticMqResource.queueUrl) == 0);

        assertThat(lines(audit)).contains("\"outcome\":\"planned\"").contains("\"input\":\"sqs:");
        assertThat(ElasticMqResource.work.resolve("state/sqs-quarantine.jsonl"))
                .content()
                .contains("{broken");
        given().baseUri(management())
                .get("q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("sqs"))
                .body("checks.find { it.name == 'sqs' }.status", Matchers.is("UP"))
                .body("checks.find { it.name == 'sqs' }.data.consuming", Matchers.is(true));
        given().baseUri(management())
                .get("q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("riposte_sqs_received_total 2.0"))
                .body(containsString("riposte_sqs_quarantined_total 1.0"))
                .body(containsString("riposte_sqs_latency_seconds_count"));
    }

    @Test
    void httpIngestSharesThePipelineAndRequiresTheTokenWhenOneIsSet() {
        live.start();
        String body = Harness.event("evt-http", "Host Compromised", "i-0ffffffffffffffff");
        given().body(body).post("/events").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong")
                .body(body)
                .post("/events")
                .then()
                .statusCode(401);
        assertThat(lines(ElasticMqResource.work.resolve("audit.jsonl"))).doesNotContain("evt-http");

        given().header("Authorization", "Bearer s3cret-token")
                .body(body)
                .post("/events")
                .then()
                .statusCode(200)
                .body("accepted", Matchers.is(1));
        assertThat(lines(ElasticMqResource.work.resolve("audit.jsonl")))
                .contains("evt-http")
                .contains("\"input\":\"http\"");
    }

    private static String lines(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
