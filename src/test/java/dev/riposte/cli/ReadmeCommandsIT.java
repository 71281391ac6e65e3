package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, after the build {@code ./mvnw verify} has just done: {@code ./riposte replay samples/}
 * through the script, as a new user types it, replays the samples dry-run and prints the plan (CommandTableTest keeps
 * the line itself unchanged).
 */
class ReadmeCommandsIT {
    @TempDir
    Path tmp;

    @Test
    void theFirstCommandReplaysTheSamplesAndPrintsTheDryRunPlan() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", "./riposte replay samples/")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        sh.environment().remove("RIPOSTE_JAVA_OPTS");
        Process p = sh.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("./riposte replay samples/ finishes")
                .isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as(Files.readString(err, StandardCharsets.UTF_8))
                .isZero();
        assertThat(printed)
                .contains("dry-run")
                .contains("ec2:isolate-instance")
                .contains("iam:deactivate-access-key")
                .doesNotContain("Exception");
    }
}
