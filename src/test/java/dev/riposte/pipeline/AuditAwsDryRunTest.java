package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.JsonlAuditSink;
import dev.riposte.aws.action.ec2.StopInstance;
import dev.riposte.aws.client.AwsWire;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.normalize.Normalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** riposte.dry-run.validate=true: AWS's DryRun verdict reaches the audit line, next to the plan. EC2 is WireMock. */
class AuditAwsDryRunTest {
    final ObjectMapper json = new ObjectMapper();
    final AwsWire aws = new AwsWire();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        aws.close();
    }

    JsonNode auditLine(boolean validate) throws Exception {
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new StopInstance(aws.clients()))), new DispatchSettings(true, validate));
        Path file = dir.resolve("audit.jsonl");
        try (Pipeline p = new Pipeline(
                new Normalizer(), StopHostRule.compile(), dispatcher, new JsonlAuditSink(file, json), false, true)) {
            p.process(json.readTree(StopHostRule.EVENT), "test");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        return json.readTree(lines.get(0));
    }

    @Test
    void aDryRunThatAwsWouldAllowIsRecordedAsDryRunOperation() throws Exception {
        aws.answer(
                "StopInstances",
                412,
                AwsWire.ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set."));

        JsonNode line = auditLine(true);

        assertThat(line.get("outcome").asText()).isEqualTo("planned");
        assertThat(line.get("mode").asText()).isEqualTo("dry-run");
        assertThat(line.get("awsDryRun").asText()).isEqualTo("DryRunOperation");
        assertThat(line.get("requests").get(0).get("operation").asText()).isEqualTo("StopInstances");
        assertThat(line.get("rateLimitWaitMs").asLong()).isZero();
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.get("DryRun")).isEqualTo("true"));
    }

    @Test
    void aDryRunThatAwsWouldRefuseIsRecordedAsUnauthorizedOperationWithTheReason() throws Exception {
        aws.answer(
                "StopInstances",
                403,
                AwsWire.ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."));

        JsonNode line = auditLine(true);

        assertThat(line.get("outcome").asText()).isEqualTo("planned");
        assertThat(line.get("awsDryRun").asText()).isEqualTo("UnauthorizedOperation");
        assertThat(line.get("error").asText()).contains("not authorized");
    }

    @Test
    void withoutValidationAwsIsNotAskedAndTheFieldIsNull() throws Exception {
        JsonNode line = auditLine(false);

        assertThat(line.get("outcome").asText()).isEqualTo("planned");
        assertThat(line.has("awsDryRun")).isTrue();
        assertThat(line.get("awsDryRun").isNull()).isTrue();
        assertThat(aws.calls()).isEmpty();
    }
}
