package dev.riposte.cli;

import dev.riposte.audit.AuditSink;
import dev.riposte.audit.JsonlAuditSink;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Dry-run replay of history: never calls AWS, uses event time (pseudo clock) so time windows behave as they did live. */
@Command(name = "replay", description = "Replay historical events through the rules in dry-run (never calls AWS) and summarise what would have happened.")
class ReplayCommand implements Callable<Integer> {
    @Mixin
    RuleOptions options;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders (JSON, JSONL, .gz, CloudTrail log files, EventBridge events)")
    List<Path> paths;

    @Option(names = "--audit", paramLabel = "FILE", description = "write the audit records (JSON Lines) to FILE")
    Path auditFile;

    @Option(names = "--since", paramLabel = "ISO-8601", description = "skip events before this time")
    Instant since;

    @Option(names = "--until", paramLabel = "ISO-8601", description = "skip events at or after this time")
    Instant until;

    @Spec
    CommandSpec spec;

    @Inject
    Components components;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RuleLoading.Loaded loaded = RuleLoading.load(options.rules, components.settings().eventExpiry(), components.catalogue());
        if (!loaded.ok()) {
            loaded.problems().forEach(out::println);
            out.flush();
            return 1;
        }
        ReplaySummary summary = new ReplaySummary();
        AuditSink sink = auditFile == null ? new NullAuditSink() : new JsonlAuditSink(auditFile, components.json());
        try (Pipeline pipeline = components.pipeline(loaded.rules(), sink, true, true)
                .accepting(e -> (since == null || !e.time().isBefore(since)) && (until == null || e.time().isBefore(until)),
                        summary::outsideWindow);
             Stream<RawInput> inputs = EventFiles.read(paths)) {
            for (RawInput in : (Iterable<RawInput>) inputs::iterator) {
                summary.input();
                if (in.error() != null) {
                    summary.add(List.of(), List.of(pipeline.reject(in.origin(), in.error())));
                } else {
                    Pipeline.Result r = pipeline.process(in.json(), in.origin());
                    summary.add(r.rulesFired(), r.records());
                }
            }
        }
        summary.print(out, loaded.rules().version());
        if (auditFile != null) {
            out.println("Audit records written to " + auditFile);
        }
        out.flush();
        return 0;
    }
}
