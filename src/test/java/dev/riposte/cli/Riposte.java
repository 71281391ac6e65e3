package dev.riposte.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the packaged jar as a user would ({@code ./riposte ...}), for the *IT tests. */
final class Riposte {
    record Run(int exitCode, String out, String err) {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("riposte.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("packaged jar missing: " + jar + " (run through `./mvnw verify`)");
        }
        return jar;
    }

    static ProcessBuilder builder(List<String> jvmProps, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmProps);
        if (jvmProps.stream().noneMatch(p -> p.startsWith("-Driposte.reports.dir="))) {
            // serve writes investigation reports; keep them out of the working tree
            cmd.add("-Driposte.reports.dir=" + Path.of(System.getProperty("java.io.tmpdir"), "riposte-it-reports"));
        }
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    static Run run(List<String> jvmProps, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("riposte-out", ".txt");
        Path err = Files.createTempFile("riposte-err", ".txt");
        Process p = builder(jvmProps, args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("riposte " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Run run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    /**
     * Polls {@code condition} until it holds; exceptions count as "not yet" (the server may still be starting).
     * Generous on purpose: a loaded CI machine can take a minute to start the JVM and compile the rules.
     */
    static void waitUntil(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(failure);
    }

    private Riposte() {}
}
