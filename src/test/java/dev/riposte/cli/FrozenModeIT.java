package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar in frozen rule mode (as a native executable runs): the build's model, the same decisions, no compile. */
class FrozenModeIT {

    static final List<String> FROZEN = List.of("-Driposte.rules.mode=frozen");

    @TempDir
    Path tmp;

    @Test
    void theSamplesPassOnTheFrozenModelAsOnTheRuntimeCompile() throws Exception {
        Riposte.Run runtime = Riposte.run("test", "samples");
        Riposte.Run frozen = Riposte.run(FROZEN, "test", "samples");
        assertThat(runtime.exitCode()).as(runtime.out() + runtime.err()).isZero();
        assertThat(frozen.exitCode()).as(frozen.out() + frozen.err()).isZero();
        assertThat(frozen.out()).isEqualTo(runtime.out()).contains("passed");
    }

    @Test
    void replayGivesTheSameDecisionsInBothModes() throws Exception {
        Riposte.Run runtime = Riposte.run(
                List.of(), "replay", "--audit", tmp.resolve("runtime.jsonl").toString(), "samples");
        Riposte.Run frozen = Riposte.run(
                FROZEN, "replay", "--audit", tmp.resolve("frozen.jsonl").toString(), "samples");
        assertThat(frozen.exitCode()).as(frozen.err()).isEqualTo(runtime.exitCode());
        // the same report but for the time it took and the audit file named
        assertThat(withoutTiming(frozen.out()).replace("frozen.jsonl", "runtime.jsonl"))
                .isEqualTo(withoutTiming(runtime.out()))
                .contains("ec2:isolate-instance");
    }

    /**
     * The summary's first line says how long the replay took, and the summary is wrapped to the terminal's width, so
     * a longer or shorter time moves a line break: compare with white space folded and the time left out.
     */
    private static String withoutTiming(String out) {
        return out.replaceAll("\\s+", " ")
                .replaceAll("\\d+(?:\\.\\d+)? (?:s|ms|min) ?\\([\\d,.]+ facts/s\\)", "(time)");
    }

    @Test
    void validatingAnotherFolderSaysItNeedsTheRuntimeMode() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules/custom"));
        Files.writeString(rules.resolve("mine.drl"), """
                package rules.custom
                import dev.riposte.fact.SecurityEvent
                import dev.riposte.command.ActionCommand
                rule "mine" @description("x")
                when
                    $e : SecurityEvent(type == "StopLogging")
                then
                    insert(ActionCommand.of("notify:log", $e.id()).with("message", "stopped"));
                end
                """);
        Riposte.Run frozen =
                Riposte.run(FROZEN, "validate", "--rules", tmp.resolve("rules").toString());
        assertThat(frozen.exitCode()).isEqualTo(1);
        assertThat(frozen.out())
                .contains("frozen rule mode runs only the rules compiled at build (built-in")
                .contains("riposte.rules.mode=runtime");
        Riposte.Run runtime =
                Riposte.run("validate", "--rules", tmp.resolve("rules").toString());
        assertThat(runtime.exitCode()).as(runtime.out()).isZero();
    }
}
