package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.dispatch.EventReport;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.Events;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as rendered for notifications: key facts in the summary, the new context kinds in Markdown and JSON. */
class InvestigationReportsTest {
    @TempDir
    Path dir;

    @Test
    void aBucketsContextAndAnIncompleteStepAreSummarisedRenderedAndWritten() throws Exception {
        SecurityEvent e = Events.guardDuty("Policy:S3/BucketAnonymousAccessGranted")
                .id("evt/1")
                .severity(8.0)
                .resources(new Resource("AWS::S3::Bucket", "example-bucket", null, null, null, Map.of()))
                .build();
        List<Object> context = List.of(
                new BucketContext(
                        "evt/1",
                        "example-bucket",
                        null,
                        new BucketContext.PublicAccessBlock(true, false, true, false),
                        true,
                        List.of("AllUsers:READ"),
                        null,
                        "Suspended",
                        false),
                new InvestigationIncomplete(
                        "evt/1", "s3:bucket-context example-bucket", "GetBucketEncryption: AccessDenied: no"));
        InvestigationReports reports = new InvestigationReports(dir);

        EventReport r = reports.render(e, context, List.of("Block public buckets"), List.of());

        assertThat(r.summary())
                .startsWith(
                        "Investigation of guardduty Policy:S3/BucketAnonymousAccessGranted (severity 8.0) in 111122223333/us-east-1")
                .contains(
                        "- Bucket example-bucket: PUBLIC, encryption none, versioning off",
                        "- Incomplete: s3:bucket-context example-bucket: GetBucketEncryption: AccessDenied: no",
                        "Rules fired: Block public buckets");
        assertThat(r.markdown())
                .contains(
                        "### S3 bucket example-bucket (incomplete)",
                        "- Public: YES",
                        "AllUsers:READ",
                        "account BlockPublicAcls=true IgnorePublicAcls=false",
                        "- Versioning: Suspended");
        assertThat(r.markdownPath()).isEqualTo(dir.resolve("evt_1.md").toString());
        assertThat(Files.exists(dir.resolve("evt_1.md")))
                .as("render does not write")
                .isFalse();

        reports.write(r);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("evt_1.json").toFile());
        assertThat(json.get("context").get(0).get("kind").asText()).isEqualTo("BucketContext");
        assertThat(json.get("context")
                        .get(0)
                        .get("fact")
                        .get("publicGrants")
                        .get(0)
                        .asText())
                .isEqualTo("AllUsers:READ");
        assertThat(json.get("complete").asBoolean()).isFalse();
        assertThat(Files.readString(dir.resolve("evt_1.md"))).isEqualTo(r.markdown());
    }
}
