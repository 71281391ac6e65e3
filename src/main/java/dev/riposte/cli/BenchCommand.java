package dev.riposte.cli;

import dev.riposte.pipeline.Components;
import dev.riposte.replay.Benchmark;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replay throughput on a generated corpus next to parse-only Jackson throughput (README, "Performance"). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Examples:",
            "  riposte bench --events 100000",
            "  riposte bench --normalize-only",
            "  riposte bench --serve --clients 8 --events 5000"
        },
        description =
                "Generate a mixed corpus (GuardDuty, CloudTrail log files, Config, Security Hub) and print replay "
                        + "events/s next to parse-only Jackson throughput. Takes minutes; not part of the test suite.")
class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", description = "events to generate (default ${DEFAULT-VALUE})")
    long events;

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            description =
                    "where the corpus goes; reused when it already holds files (default: a temporary folder, deleted afterwards)")
    Path corpus;

    @Option(
            names = "--workers",
            description = "parse+normalize threads for the parallel replay (default: the number of cores)")
    Integer workers;

    @Option(
            names = "--with-inline",
            description = "also replay with parse+normalize on the rule thread, to show what the workers add")
    boolean withInline;

    @Option(
            names = "--normalize-only",
            description = "instead of the replay: parse-only vs parse+normalize events/s and CPU per event "
                    + "on one thread, over the events of --corpus (default: samples/ and "
                    + "src/test/resources/realworld/); --events = events per round (default here 200000)")
    boolean normalizeOnly;

    @Option(
            names = "--serve",
            description =
                    "instead of the replay: start `serve` (live against a local AWS stand-in), drive it with "
                            + "--clients concurrent clients posting --events events (default here 5000) to POST /events, with "
                            + "investigation off and on, and print events/s and p50/p95/p99 of the round trip (docs/performance.md)")
    boolean serve;

    @Option(
            names = "--clients",
            defaultValue = "8",
            description = "with --serve: concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--warmup",
            defaultValue = "2000",
            description = "with --serve: events posted first to warm the JVM, not measured (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--investigation",
            defaultValue = "both",
            paramLabel = "off|on|both",
            description = "with --serve: which runs (default ${DEFAULT-VALUE})")
    String investigation;

    @Option(
            names = "--aws-latency-ms",
            defaultValue = "20",
            description = "with --serve: how long the AWS stand-in takes to answer a call (default ${DEFAULT-VALUE})")
    int awsLatencyMs;

    @Option(
            names = "--dry-run",
            description = "with --serve: serve in dry-run (plans, sends no action; investigation still reads)")
    boolean dryRun;

    @Option(
            names = "--jfr",
            paramLabel = "DIR",
            description = "with --serve: record a JFR profile of each serve process into DIR")
    Path jfr;

    @Option(
            names = "--serve-jvm-option",
            paramLabel = "OPTION",
            description = "with --serve: an option for the serve JVM (e.g. -Xmx512m); repeatable")
    List<String> serveJvmOptions;

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
        if (serve) {
            return serveBench(out);
        }
        if (normalizeOnly) {
            // default: the samples and, in a checkout, the real-world corpus of the tests
            List<Path> from = corpus != null
                    ? List.of(corpus)
                    : Stream.of(Path.of("samples"), Path.of("src/test/resources/realworld"))
                            .filter(Files::isDirectory)
                            .toList();
            List<String> texts = from.isEmpty() ? List.of() : NormalizeBench.load(from);
            if (texts.isEmpty()) {
                spec.commandLine().getErr().println("no events under " + from + " (give --corpus DIR)");
                return 2;
            }
            new NormalizeBench(components.normalizer(), out)
                    .run(texts, spec.commandLine().getParseResult().hasMatchedOption("--events") ? events : 200_000);
            return 0;
        }
        Path dir = corpus != null ? corpus : Files.createTempDirectory("riposte-bench");
        try {
            new Benchmark(components.normalizer(), components.catalogue(), components.checks(), out)
                    .run(
                            dir,
                            events,
                            workers == null ? Runtime.getRuntime().availableProcessors() : workers,
                            withInline);
        } finally {
            if (corpus == null) {
                Benchmark.delete(dir);
            }
        }
        return 0;
    }

    private int serveBench(PrintWriter out) throws Exception {
        List<Boolean> runs = switch (investigation) {
            case "off" -> List.of(false);
            case "on" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> null;
        };
        if (runs == null || clients < 1 || warmup < 0 || awsLatencyMs < 0 || events > Integer.MAX_VALUE / 2) {
            spec.commandLine()
                    .getErr()
                    .println("--investigation takes off, on or both; --clients must be positive; --warmup and "
                            + "--aws-latency-ms must not be negative");
            return 2;
        }
        int n = spec.commandLine().getParseResult().hasMatchedOption("--events") ? (int) events : 5000;
        return new ServeBench(
                        new ServeBench.Settings(
                                n,
                                warmup,
                                clients,
                                Duration.ofMillis(awsLatencyMs),
                                dryRun,
                                runs,
                                jfr,
                                serveJvmOptions == null ? List.of() : serveJvmOptions),
                        out)
                .run();
    }
}
