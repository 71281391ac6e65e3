package dev.riposte.cli;

import dev.riposte.audit.AuditSink;
import dev.riposte.audit.JsonlAuditSink;
import dev.riposte.dispatch.Investigator;
import dev.riposte.guard.GuardSettings;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.RecordedContext;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.ratelimit.RateLimiter;
import dev.riposte.replay.Progress;
import dev.riposte.replay.ReplayReport;
import dev.riposte.replay.Replayer;
import dev.riposte.replay.Reports;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Dry-run replay of history: never calls AWS, merges the files by event time and drives the pseudo
 * clock with it, so time windows behave as they did live. See {@link Replayer}.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Examples:",
            "  riposte replay samples/",
            "  riposte replay --since 2024-05-01 --until 2024-05-15T12:00:00Z --report replay.html 'exports/*.jsonl.gz' AWSLogs/"
        },
        description =
                "Replay historical events through the rules in dry-run (never calls AWS) and summarise what would have happened.")
class ReplayCommand extends PrintingCommand {
    @Mixin
    RuleOptions options;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "files, folders or globs (JSON, JSONL, .gz, CloudTrail log files, EventBridge events and archive exports)")
    List<Path> paths;

    @Option(names = "--audit", paramLabel = "FILE", description = "write the audit records (JSON Lines) to FILE")
    Path auditFile;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            converter = TimeOption.class,
            description =
                    "skip events before this time: 2024-05-01 (midnight UTC), 2024-05-01T12:00:00 (UTC) or with Z / an offset")
    Instant since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            converter = TimeOption.class,
            description = "skip events at or after this time (same forms as --since)")
    Instant until;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "write a report: FILE.json, FILE.md or FILE.html (repeatable)")
    List<Path> reports = List.of();

    @Option(
            names = "--context",
            paramLabel = "FILE",
            description =
                    "recorded investigation context (JSON, see docs/fact-model.md) served to the rules instead of AWS")
    Path contextFile;

    @Option(
            names = "--compare-rules",
            paramLabel = "DIR",
            description = "also replay through the rules in DIR and report the difference in planned commands")
    Path compareRules;

    @Option(
            names = "--fail-on-diff",
            description = "exit 1 when --compare-rules finds a difference (CI gate for rule changes)")
    boolean failOnDiff;

    @Option(
            names = "--no-progress",
            negatable = false,
            description = "no progress bar (it shows only on a terminal anyway)")
    boolean noProgress;

    @Inject
    Components components;

    @Inject
    GuardSettings guardRails;

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        try {
            reports.forEach(Reports::checkName);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (failOnDiff && compareRules == null) {
            err.println("--fail-on-diff needs --compare-rules DIR");
            return 2;
        }
        if (since != null && until != null && !since.isBefore(until)) {
            err.println("--since must be before --until");
            return 2;
        }
        RuleLoading.Loaded loaded = load(options.rules, out, "");
        RuleLoading.Loaded other =
                compareRules == null ? null : load(compareRules, out, "--compare-rules " + compareRules + ": ");
        if (loaded == null || (compareRules != null && other == null)) {
            return 1;
        }
        AuditSink sink = auditFile == null ? null : new JsonlAuditSink(auditFile, components.json());
        Progress progress = noProgress || System.console() == null ? Progress.NONE : Progress.terminal(System.err);
        ReplayReport report;
        try {
            report = new Replayer(components.normalizer(), components.catalogue(), components.checks())
                    .playbooks(components.playbooks()::current)
                    .simulating(guardRails, components.throttle() instanceof RateLimiter limits ? limits : null)
                    .context(contextFile == null ? Investigator.NONE : RecordedContext.read(contextFile))
                    .run(
                            new Replayer.Input(
                                    paths, since, until, loaded.rules(), other == null ? null : other.rules(), sink),
                            progress);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        for (Path r : reports) {
            Reports.write(report, r);
        }
        if (options.output.json()) {
            out.print(Reports.json(report));
        } else {
            ReplaySummary.print(report, out);
            if (auditFile != null) {
                out.println("Audit records written to " + auditFile);
            }
            reports.forEach(r -> out.println("Report written to " + r));
        }
        return failOnDiff && report.diff().differs() ? 1 : 0;
    }

    /** The rule set in {@code dir} (built-in when null), or null after printing why it cannot load. */
    private RuleLoading.Loaded load(Path dir, PrintWriter out, String prefix) {
        RuleLoading.Loaded loaded = RuleLoading.load(dir, components.config().rules(), components.catalogue());
        if (!loaded.ok()) {
            loaded.problems().forEach(p -> out.println(prefix + p));
            return null;
        }
        return loaded;
    }
}
