package dev.riposte.cli;

import dev.riposte.pipeline.Components;
import dev.riposte.replay.Benchmark;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replay throughput on a generated corpus next to parse-only Jackson throughput (README, "Performance"). */
@Command(name = "bench", description = "Generate a mixed corpus (GuardDuty, CloudTrail log files, Config, Security Hub) and print replay "
        + "events/s next to parse-only Jackson throughput. Takes minutes; not part of the test suite.")
class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", description = "events to generate (default ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--corpus", paramLabel = "DIR", description = "where the corpus goes; reused when it already holds files (default: a temporary folder, deleted afterwards)")
    Path corpus;

    @Option(names = "--workers", description = "parse+normalize threads for the parallel replay (default: the number of cores)")
    Integer workers;

    @Option(names = "--with-inline", description = "also replay with parse+normalize on the rule thread, to show what the workers add")
    boolean withInline;

    @Spec
    CommandSpec spec;

    @Inject
    Components components;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            spec.commandLine().getErr().println("--events must be positive");
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = corpus != null ? corpus : Files.createTempDirectory("riposte-bench");
        try {
            new Benchmark(components.normalizer(), components.catalogue(), components.checks(), out)
                    .run(dir, events, workers == null ? Runtime.getRuntime().availableProcessors() : workers, withInline);
        } finally {
            if (corpus == null) {
                Benchmark.delete(dir);
            }
        }
        return 0;
    }
}
