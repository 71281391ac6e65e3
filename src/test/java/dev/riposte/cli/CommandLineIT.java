package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 18's command line, on the packaged jar: help everywhere, and no port opened by anything but a real serve. */
class CommandLineIT {
    static final List<String> COMMANDS =
            List.of("serve", "replay", "validate", "test", "normalize", "actions", "iam-policy", "breaker", "bench");

    @Test
    void everyCommandHasHelpWithItsOptionsAndAnExample() throws Exception {
        for (String command : COMMANDS) {
            for (String flag : List.of("--help", "-h")) {
                Riposte.Run run = Riposte.run(command, flag);
                assertThat(run.exitCode())
                        .as(command + " " + flag + ": " + run.err())
                        .isZero();
                assertThat(run.out())
                        .as(command + " " + flag)
                        .contains("Usage: riposte " + command)
                        .contains("--help")
                        .containsPattern("Examples?:\\s+riposte " + command);
            }
        }
        Riposte.Run replay = Riposte.run("help", "replay");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out())
                .contains("Usage: riposte replay")
                .contains("--since")
                .contains("--compare-rules");
        Riposte.Run all = Riposte.run("help");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out())
                .contains("Usage: riposte")
                .contains("breaker")
                .contains("iam-policy")
                .contains("riposte help");
    }

    @Test
    void serveHelpAndABadServeCommandLineOpenNoPort() throws Exception {
        try (ServerSocket http = new ServerSocket(0);
                ServerSocket management = new ServerSocket(0)) {
            List<String> ports = List.of(
                    "-Dquarkus.http.port=" + http.getLocalPort(),
                    "-Dquarkus.management.port=" + management.getLocalPort());
            Riposte.Run help = Riposte.run(ports, "serve", "--help");
            assertThat(help.exitCode()).as(help.err()).isZero();
            assertThat(help.out()).contains("Usage: riposte serve");
            assertThat(help.err()).doesNotContain("already in use").doesNotContain("Listening on");

            Riposte.Run bad = Riposte.run(ports, "serve", "--no-such-option");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err())
                    .contains("--no-such-option")
                    .doesNotContain("already in use")
                    .doesNotContain("Listening on");
        }
    }

    @Test
    void sinceAndUntilTakeADateOrAZonelessTimeAsUtcAndABadValueGetsOneLine() throws Exception {
        // the samples run from 2024-05-01T12:00Z to 2024-05-09: a date is midnight UTC, a time without zone is UTC
        JsonNode all = CliIT.parse(
                Riposte.run("replay", "--format", "json", "samples/").out());
        Riposte.Run date = Riposte.run("replay", "--format", "json", "--since", "2024-05-05", "samples/");
        assertThat(date.exitCode()).as(date.err()).isZero();
        JsonNode fromDate = CliIT.parse(date.out());
        assertThat(fromDate.get("outsideWindow").asInt()).isPositive();
        Riposte.Run time = Riposte.run(
                "replay", "--format", "json", "--since", "2024-05-05T00:00:00", "--until", "2024-05-09", "samples/");
        assertThat(time.exitCode()).as(time.err()).isZero();
        assertThat(CliIT.parse(time.out()).get("outsideWindow").asInt())
                .isGreaterThanOrEqualTo(fromDate.get("outsideWindow").asInt())
                .isLessThan(all.get("inputs").asInt());
        Riposte.Run same = Riposte.run("replay", "--format", "json", "--since", "2024-05-05T00:00:00Z", "samples/");
        assertThat(CliIT.parse(same.out()).get("outsideWindow")).isEqualTo(fromDate.get("outsideWindow"));

        Riposte.Run bad = Riposte.run("replay", "--since", "last-tuesday", "samples/");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().lines().filter(l -> l.contains("last-tuesday")).toList())
                .singleElement()
                .asString()
                .contains("2024-05-01 (midnight UTC)")
                .contains("2024-05-01T12:00:00 (UTC)");
        assertThat(bad.err())
                .doesNotContain("Usage:")
                .doesNotContain("Exception")
                .contains("riposte help replay");
    }

    @Test
    void aGlobThatMatchesFoldersReadsThemLikeFolders() throws Exception {
        Riposte.Run globbed = Riposte.run("replay", "--format", "json", "samples/*/ec2-*");
        assertThat(globbed.exitCode()).as(globbed.err()).isZero();
        JsonNode report = CliIT.parse(globbed.out());
        long folders;
        try (var dirs = Files.newDirectoryStream(Path.of("samples"), Files::isDirectory)) {
            folders = 0;
            for (Path source : dirs) {
                try (var cases = Files.newDirectoryStream(source, "ec2-*")) {
                    for (Path c : cases) {
                        folders++;
                    }
                }
            }
        }
        assertThat(folders).isGreaterThan(1);
        assertThat(report.get("files").asLong())
                .as("one event file per matched case folder, expected.json skipped")
                .isEqualTo(folders);
        assertThat(report.get("rejected").asInt()).isZero();
    }

    @Test
    void breakerStatusPrintsItsWindowInWords() throws Exception {
        Path state = Files.createTempDirectory("riposte-breaker");
        Riposte.Run run = Riposte.run(
                List.of("-Driposte.state.dir=" + state, "-Driposte.breaker.window=90m"), "breaker", "status");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("in the last 1 h 30 min").doesNotContain("PT");
    }
}
