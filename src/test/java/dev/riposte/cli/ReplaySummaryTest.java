package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplaySummaryTest {

    @Test
    void longTextWrapsAtSpacesWithinTheWidthAndKeepsSpacingInsideALine() {
        List<String> lines = ReplaySummary.lines(
                "    added   event gd-medium (2024-05-01T12:20:00Z, guardduty.jsonl:2) now "
                        + "ec2:isolate-instance i-0fedcba9876543210 [GuardDuty high severity on EC2: isolate]",
                60,
                "        ");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
        assertThat(lines.get(0)).startsWith("    added   event gd-medium");
        assertThat(lines.subList(1, lines.size()))
                .allSatisfy(l -> assertThat(l).startsWith("        ").doesNotStartWith("         "));
        assertThat(String.join(" ", lines).replaceAll("\\s+", " ").strip())
                .isEqualTo("added event gd-medium (2024-05-01T12:20:00Z,"
                        + " guardduty.jsonl:2) now ec2:isolate-instance "
                        + "i-0fedcba9876543210 [GuardDuty high severity on EC2: isolate]");
    }

    @Test
    void aWordLongerThanALineIsCutIntoPiecesNotLost() {
        String path =
                "/tmp/trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_x.json.gz:3";
        List<String> lines = ReplaySummary.lines("  (" + path + ")", 40, "    ");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo("(" + path + ")");
    }
}
