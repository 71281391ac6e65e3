package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/normalization.md stays the true list of the CloudTrail calls with derived resources. */
class DocsTest {
    @Test
    void everyCoveredCloudTrailCallIsDocumentedAndThereAreAtLeastForty() throws Exception {
        String doc = Files.readString(Path.of("docs/normalization.md"));
        assertThat(CloudTrailResources.covered()).hasSizeGreaterThanOrEqualTo(40);
        for (String call : CloudTrailResources.covered()) {
            assertThat(doc).as("docs/normalization.md documents " + call).contains("`" + call + "`");
        }
    }

    @Test
    void versionedLambdaNamesAreLookedUpWithoutTheSuffix() {
        assertThat(CloudTrailResources.baseName("UpdateFunctionCode20150331v2")).isEqualTo("UpdateFunctionCode");
        assertThat(CloudTrailResources.baseName("CreateFunction20150331")).isEqualTo("CreateFunction");
        assertThat(CloudTrailResources.baseName("PutBucketPolicy")).isEqualTo("PutBucketPolicy");
        assertThat(CloudTrailResources.baseName("GetObjectv2")).isEqualTo("GetObjectv2");
    }
}
