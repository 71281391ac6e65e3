package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 18's command line, on the packaged jar: help everywhere, and no port opened by anything but a real serve. */
class CommandLineIT {
    static final List<String> COMMANDS = List.of("serve", "replay", "validate", "test", "normalize", "actions", "iam-policy",
            "breaker", "bench");

    @Test
    void everyCommandHasHelpWithItsOptionsAndAnExample() throws Exception {
        for (String command : COMMANDS) {
            for (String flag : List.of("--help", "-h")) {
                Riposte.Run run = Riposte.run(command, flag);
                assertThat(run.exitCode()).as(command + " " + flag + ": " + run.err()).isZero();
                assertThat(run.out()).as(command + " " + flag).contains("Usage: riposte " + command).contains("--help")
                        .containsPattern("Examples?:\\s+riposte " + command);
            }
        }
        Riposte.Run replay = Riposte.run("help", "replay");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("Usage: riposte replay").contains("--since").contains("--compare-rules");
        Riposte.Run all = Riposte.run("help");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("Usage: riposte").contains("breaker").contains("iam-policy").contains("riposte help");
    }

    @Test
    void serveHelpAndABadServeCommandLineOpenNoPort() throws Exception {
        try (ServerSocket http = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
            List<String> ports = List.of("-Dquarkus.http.port=" + http.getLocalPort(),
                    "-Dquarkus.management.port=" + management.getLocalPort());
            Riposte.Run help = Riposte.run(ports, "serve", "--help");
            assertThat(help.exitCode()).as(help.err()).isZero();
            assertThat(help.out()).contains("Usage: riposte serve");
            assertThat(help.err()).doesNotContain("already in use").doesNotContain("Listening on");

            Riposte.Run bad = Riposte.run(ports, "serve", "--no-such-option");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("--no-such-option").doesNotContain("already in use").doesNotContain("Listening on");
        }
    }
}
