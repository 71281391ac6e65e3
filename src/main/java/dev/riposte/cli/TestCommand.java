package dev.riposte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.Investigator;
import dev.riposte.guard.GuardRails;
import dev.riposte.guard.GuardSettings;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.pipeline.RecordedContext;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Runs rule test cases: every folder under DIR holding {@code event.json} or {@code events.jsonl} plus
 * {@code expected.json}. Each case gets a fresh session on the pseudo clock, in dry-run. A case may hold
 * {@code context.json} (the format of {@code replay --context}): investigation context served to its events, so rules
 * that decide on context have positive and negative cases; without it nothing is investigated. {@link CaseExpectation}
 * says what {@code expected.json} may state and how it is compared.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  riposte test --rules my-rules/ samples/"},
        description =
                "Run rule test cases (default samples/): each case folder holds event.json or events.jsonl and expected.json,"
                        + " and optionally context.json (investigation context, as replay --context).")
class TestCommand extends PrintingCommand {
    static final String CONTEXT = "context.json";

    @Mixin
    RuleOptions options;

    @Parameters(
            arity = "0..1",
            paramLabel = "DIR",
            defaultValue = "samples",
            description = "folder of test cases (default: ${DEFAULT-VALUE})")
    Path dir;

    @Inject
    Components components;

    record CaseResult(String name, boolean passed, List<String> differences, Set<String> rulesFired) {}

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        if (!Files.isDirectory(dir)) {
            err.println("no such folder: " + dir);
            return 2;
        }
        RuleLoading.Loaded loaded =
                RuleLoading.load(options.rules, components.config().rules(), components.catalogue());
        if (!loaded.ok()) {
            loaded.problems().forEach(out::println);
            return 1;
        }
        List<Path> cases = findCases(dir);
        if (cases.isEmpty()) {
            err.println("no test cases under " + dir
                    + " (a case is a folder with expected.json and event.json or events.jsonl)");
            return 1;
        }
        List<CaseResult> results = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (Path c : cases) {
            CaseResult r = runCase(c, loaded);
            results.add(r);
            covered.addAll(r.rulesFired());
        }
        List<String> uncovered = loaded.rules().ruleNames().stream()
                .filter(n -> !covered.contains(n))
                .sorted()
                .toList();
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (options.output.json()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("passed", results.size() - failed);
            report.put("failed", failed);
            report.put(
                    "cases",
                    results.stream()
                            .map(r -> Map.of("case", r.name(), "passed", r.passed(), "differences", r.differences()))
                            .toList());
            report.put("rulesWithoutPositiveCase", uncovered);
            out.println(components.json().writeValueAsString(report));
        } else {
            for (CaseResult r : results) {
                out.printf("%s %s%n", r.passed() ? "PASS" : "FAIL", r.name());
                r.differences().forEach(d -> out.println("     " + d));
            }
            out.printf(
                    "%d passed, %d failed (%d cases, rule set %s)%n",
                    results.size() - failed,
                    failed,
                    results.size(),
                    loaded.rules().version());
            if (!uncovered.isEmpty()) {
                out.println("rules that no case makes fire: " + String.join(", ", uncovered));
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static List<Path> findCases(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> String.valueOf(p.getFileName()).equals("expected.json"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
    }

    private CaseResult runCase(Path dir, RuleLoading.Loaded loaded) {
        String folder = this.dir.relativize(dir).toString();
        // `riposte test samples/x/case` names the case by its own folder, not by an empty path
        String name = folder.isEmpty()
                ? String.valueOf(dir.toAbsolutePath().normalize().getFileName())
                : folder;
        List<String> diffs = new ArrayList<>();
        Path single = dir.resolve("event.json");
        Path many = dir.resolve("events.jsonl");
        if (!Files.exists(single) && !Files.exists(many)) {
            return new CaseResult(name, false, List.of("neither event.json nor events.jsonl in " + dir), Set.of());
        }
        CaseExpectation expected;
        try {
            expected = CaseExpectation.read(dir.resolve("expected.json"), components.json());
        } catch (IllegalArgumentException e) {
            return new CaseResult(name, false, List.of(e.getMessage()), Set.of());
        } catch (IOException e) {
            return new CaseResult(name, false, List.of(dir.resolve("expected.json") + ": " + e.getMessage()), Set.of());
        }
        if (expected.name() != null) {
            name = expected.name() + " (" + name + ")";
        }
        Investigator context = Investigator.NONE;
        if (Files.exists(dir.resolve(CONTEXT))) {
            try {
                context = RecordedContext.read(dir.resolve(CONTEXT));
            } catch (IllegalArgumentException e) {
                return new CaseResult(name, false, List.of(e.getMessage()), Set.of());
            }
        }
        List<String> fired = new ArrayList<>();
        List<CaseExpectation.Got> commands = new ArrayList<>();
        try (Pipeline p = components
                        .pipeline(loaded.rules(), new NullAuditSink(), true, true, checks(expected))
                        .investigating(context, null)
                        .build();
                Stream<RawInput> inputs = EventFiles.read(List.of(Files.exists(single) ? single : many))) {
            for (RawInput in : (Iterable<RawInput>) inputs::iterator) {
                if (in.error() != null) {
                    diffs.add("unreadable input " + in.origin() + ": " + in.error());
                    continue;
                }
                Pipeline.Result r = p.process(in.json(), in.origin());
                fired.addAll(r.rulesFired());
                for (AuditRecord a : r.records()) {
                    if (a.outcome() == Outcome.REJECTED) {
                        diffs.add("rejected input " + in.origin() + ": " + a.error());
                    } else if (a.action() != null) {
                        commands.add(new CaseExpectation.Got(
                                a.action(),
                                a.target(),
                                asJson(a.params()),
                                a.rule(),
                                a.outcome().value()));
                        if (a.outcome() == Outcome.FAILED) {
                            diffs.add("command " + a.action() + " " + a.target() + " failed: " + a.error());
                        }
                    }
                }
            }
        }
        Set<String> firedSet = new TreeSet<>(fired);
        diffs.addAll(expected.differences(firedSet, commands));
        return new CaseResult(name, diffs.isEmpty(), diffs, firedSet);
    }

    /**
     * The dispatch checks for a case: a case that sets {@code "config"} gets its own guard rails, from the defaults with
     * its overrides and kept in memory, so that it neither touches the state dir nor leaks state into other cases.
     */
    private List<DispatchCheck> checks(CaseExpectation expected) {
        if (expected.config().isEmpty()) {
            return components.checks();
        }
        GuardRails own =
                GuardRails.inMemory(GuardSettings.defaults(Path.of(".")).with(expected.config()), Clock.systemUTC());
        return components.checks().stream()
                .map(c -> c instanceof GuardRails ? own : c)
                .toList();
    }

    /** Parameters as JSON read back, so that 5 (a Long in the command) equals 5 in expected.json. */
    private JsonNode asJson(Map<String, Object> params) {
        try {
            return components.json().readTree(components.json().writeValueAsString(params == null ? Map.of() : params));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
