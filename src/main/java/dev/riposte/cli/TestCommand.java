package dev.riposte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.dispatch.Investigator;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.pipeline.RecordedContext;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs rule test cases: every folder under DIR holding {@code event.json} or {@code events.jsonl} plus
 * {@code expected.json}. Each case gets a fresh session on the pseudo clock, in dry-run. A case may hold
 * {@code context.json} (the format of {@code replay --context}): investigation context served to its events, so rules
 * that decide on context have positive and negative cases; without it nothing is investigated.
 */
@Command(name = "test", description = "Run rule test cases (default samples/): each case folder holds event.json or events.jsonl and expected.json,"
        + " and optionally context.json (investigation context, as replay --context).")
class TestCommand implements Callable<Integer> {
    static final String CONTEXT = "context.json";
    @Mixin
    RuleOptions options;

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = "samples", description = "folder of test cases (default: ${DEFAULT-VALUE})")
    Path dir;

    @Spec
    CommandSpec spec;

    @Inject
    Components components;

    record CaseResult(String name, boolean passed, List<String> differences, Set<String> rulesFired) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("no such folder: " + dir);
            return 2;
        }
        RuleLoading.Loaded loaded = RuleLoading.load(options.rules, components.settings().eventExpiry(), components.catalogue());
        if (!loaded.ok()) {
            loaded.problems().forEach(out::println);
            out.flush();
            return 1;
        }
        List<Path> cases = findCases(dir);
        if (cases.isEmpty()) {
            spec.commandLine().getErr().println("no test cases under " + dir + " (a case is a folder with expected.json and event.json or events.jsonl)");
            return 1;
        }
        List<CaseResult> results = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (Path c : cases) {
            CaseResult r = runCase(c, loaded);
            results.add(r);
            covered.addAll(r.rulesFired());
        }
        List<String> uncovered = loaded.rules().ruleNames().stream().filter(n -> !covered.contains(n)).sorted().toList();
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (options.format == RuleOptions.Format.json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("passed", results.size() - failed);
            report.put("failed", failed);
            report.put("cases", results.stream().map(r -> Map.of("case", r.name(), "passed", r.passed(), "differences", r.differences())).toList());
            report.put("rulesWithoutPositiveCase", uncovered);
            out.println(components.json().writeValueAsString(report));
        } else {
            for (CaseResult r : results) {
                out.printf("%s %s%n", r.passed() ? "PASS" : "FAIL", r.name());
                r.differences().forEach(d -> out.println("     " + d));
            }
            out.printf("%d passed, %d failed (%d cases, rule set %s)%n", results.size() - failed, failed, results.size(), loaded.rules().version());
            if (!uncovered.isEmpty()) {
                out.println("rules that no case makes fire: " + String.join(", ", uncovered));
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    static List<Path> findCases(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("expected.json")).map(Path::getParent).sorted().toList();
        }
    }

    private CaseResult runCase(Path dir, RuleLoading.Loaded loaded) {
        String name = this.dir.relativize(dir).toString();
        List<String> diffs = new ArrayList<>();
        Path single = dir.resolve("event.json");
        Path many = dir.resolve("events.jsonl");
        if (!Files.exists(single) && !Files.exists(many)) {
            return new CaseResult(name, false, List.of("neither event.json nor events.jsonl in " + dir), Set.of());
        }
        Expected expected;
        try {
            expected = Expected.read(dir.resolve("expected.json"), components.json());
        } catch (IOException | IllegalArgumentException e) {
            return new CaseResult(name, false, List.of(dir.resolve("expected.json") + ": " + e.getMessage()), Set.of());
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
        List<Expected.Cmd> commands = new ArrayList<>();
        try (Pipeline p = components.pipeline(loaded.rules(), new NullAuditSink(), true, true).investigating(context, null).build();
             Stream<RawInput> inputs = EventFiles.read(List.of(Files.exists(single) ? single : many))) {
            for (RawInput in : (Iterable<RawInput>) inputs::iterator) {
                if (in.error() != null) {
                    diffs.add("unreadable input " + in.origin() + ": " + in.error());
                    continue;
                }
                Pipeline.Result r = p.process(in.json(), in.origin());
                fired.addAll(r.rulesFired());
                for (AuditRecord a : r.records()) {
                    if ("rejected".equals(a.outcome())) {
                        diffs.add("rejected input " + in.origin() + ": " + a.error());
                    } else if (a.action() != null) {
                        commands.add(new Expected.Cmd(a.action(), a.target()));
                        if ("failed".equals(a.outcome())) {
                            diffs.add("command " + a.action() + " " + a.target() + " failed: " + a.error());
                        }
                    }
                }
            }
        }
        Set<String> firedSet = new TreeSet<>(fired);
        if (!firedSet.equals(new TreeSet<>(expected.rules()))) {
            diffs.add("rules: expected " + new TreeSet<>(expected.rules()) + ", fired " + firedSet);
        }
        List<Expected.Cmd> gotSorted = commands.stream().sorted().toList();
        List<Expected.Cmd> wantSorted = expected.commands().stream().sorted().toList();
        if (!gotSorted.equals(wantSorted)) {
            diffs.add("commands: expected " + wantSorted + ", got " + gotSorted);
        }
        return new CaseResult(name, diffs.isEmpty(), diffs, firedSet);
    }

    /** expected.json: {"rules": [...], "commands": [{"action": ..., "target": ...}]}. */
    record Expected(List<String> rules, List<Cmd> commands) {
        record Cmd(String action, String target) implements Comparable<Cmd> {
            @Override
            public int compareTo(Cmd o) {
                return (action + " " + target).compareTo(o.action + " " + o.target);
            }

            @Override
            public String toString() {
                return action + " " + target;
            }
        }

        static Expected read(Path file, com.fasterxml.jackson.databind.ObjectMapper json) throws IOException {
            JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.isObject() || !root.path("rules").isArray() || !root.path("commands").isArray()) {
                throw new IllegalArgumentException("expected {\"rules\": [...], \"commands\": [{\"action\": ..., \"target\": ...}]}");
            }
            List<String> rules = new ArrayList<>();
            root.get("rules").forEach(n -> rules.add(n.asText()));
            List<Cmd> cmds = new ArrayList<>();
            for (JsonNode c : root.get("commands")) {
                if (!c.hasNonNull("action")) {
                    throw new IllegalArgumentException("every command needs an \"action\"");
                }
                cmds.add(new Cmd(c.get("action").asText(), c.hasNonNull("target") ? c.get("target").asText() : null));
            }
            return new Expected(rules, cmds);
        }
    }
}
