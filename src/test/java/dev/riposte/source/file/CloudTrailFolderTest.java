package dev.riposte.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CloudTrail S3 export (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/) read and normalized end to end. */
class CloudTrailFolderTest {
    @TempDir
    Path dir;

    private void logFile(String account, String region, String stamp, String... eventNames) throws IOException {
        StringBuilder sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < eventNames.length; i++) {
            if (i > 0) {
                sb.append(",\n");
            }
            sb.append("{\"eventVersion\":\"1.09\",\"eventID\":\"")
                    .append(region)
                    .append('-')
                    .append(stamp)
                    .append('-')
                    .append(i)
                    .append("\",\"eventTime\":\"")
                    .append(stamp, 0, 4)
                    .append('-')
                    .append(stamp, 4, 6)
                    .append('-')
                    .append(stamp, 6, 8)
                    .append('T')
                    .append(stamp, 9, 11)
                    .append(':')
                    .append(stamp, 11, 13)
                    .append(":00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"")
                    .append(eventNames[i])
                    .append("\",\"awsRegion\":\"")
                    .append(region)
                    .append("\",\"recipientAccountId\":\"")
                    .append(account)
                    .append("\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"mallory\",\"accountId\":\"")
                    .append(account)
                    .append("\"},\"requestParameters\":{\"userName\":\"bob\"}}");
        }
        sb.append("]}");
        Path p = dir.resolve("AWSLogs/" + account + "/CloudTrail/" + region + "/" + stamp.substring(0, 4) + "/"
                + stamp.substring(4, 6) + "/" + stamp.substring(6, 8) + "/" + account + "_CloudTrail_" + region + "_"
                + stamp + "_a1B2c3D4.json.gz");
        Files.createDirectories(p.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void exportFolderNormalizesInDeliveryOrderAcrossRegions() throws IOException, RejectedInputException {
        logFile("111122223333", "us-west-2", "20240501T1205Z", "CreateLoginProfile");
        logFile("111122223333", "us-east-1", "20240501T1200Z", "CreateUser", "AttachUserPolicy");
        logFile("111122223333", "us-east-1", "20240501T1210Z", "DeleteUser");
        Path digest = dir.resolve("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/x_Digest.json.gz");
        Files.createDirectories(digest.getParent());
        Files.write(digest, new byte[] {1, 2, 3});

        Normalizer normalizer = new Normalizer();
        List<String> types = new ArrayList<>();
        try (Stream<RawInput> in = EventFiles.read(List.of(dir.resolve("AWSLogs")))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                assertThat(r.error()).isNull();
                for (Normalized n : normalizer.normalize(r.json())) {
                    types.add(n.event().type() + "@" + n.event().region());
                    assertThat(n.event().resource("AWS::IAM::User").id()).isEqualTo("bob");
                }
            }
        }
        assertThat(types)
                .containsExactly(
                        "CreateUser@us-east-1",
                        "AttachUserPolicy@us-east-1",
                        "CreateLoginProfile@us-west-2",
                        "DeleteUser@us-east-1");
    }
}
