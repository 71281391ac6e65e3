package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardRails;
import dev.riposte.guard.GuardSettings;
import dev.riposte.normalize.Normalizer;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.PlaybookSources;
import dev.riposte.playbook.run.CatalogueActionRules;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.RuleSources;
import dev.riposte.rules.TestRules;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample case (samples/) against the built-in rules and playbooks, as `riposte test` runs them, with a
 * plan-only stand-in for each action they use: the playbook-starting rules must reach their playbooks, and
 * must not change what the single-action rules' cases expect. (Once the aws package provides every action,
 * `riposte test` checks the same against the real catalogue.)
 */
class BuiltInSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The cases of the playbook-starting rules; the others belong to the single-action rules and `riposte test`. */
    private static final Set<String> PLAYBOOK_CASES = Set.of(
            "guardduty/ec2-runtime-reverse-shell",
            "guardduty/ec2-runtime-medium-severity",
            "guardduty/iam-tor-ip-caller",
            "guardduty/iam-assumed-role-credentials-exfiltration",
            "guardduty/cloudtrail-logging-disabled",
            "guardduty/s3-bucket-anonymous-access-granted",
            "cloudtrail/sg-postgres-open-to-world",
            "cloudtrail/s3-public-access-block-deleted",
            "investigation/key-used-from-new-ip",
            "investigation/key-used-from-usual-ip",
            "config/s3-bucket-public-read-noncompliant",
            "config/s3-bucket-public-write-conformance-pack",
            "config/s3-level-public-access-securityhub-rule-first-evaluation",
            "securityhub/imported-fsbp-s3-block-public-access",
            "securityhub/fsbp-s3-2-public-read-notified",
            "securityhub/ocsf-s3-control-failed-compliance");

    private static final List<String> PARAMS = List.of(
            "reason",
            "tags",
            "message",
            "level",
            "userName",
            "ports",
            "protocol",
            "fromPort",
            "toPort",
            "cidr",
            "force");

    @TempDir
    Path state;

    /** Plans one request; declares the parameters the built-ins pass (type "any": values are not checked here). */
    record PlanOnly(ActionSpec spec) implements ActionHandler {
        PlanOnly(String id) {
            this(ActionSpec.builder(id)
                    .description("stand-in for " + id)
                    .params(PARAMS.stream()
                            .map(p -> ParamSpec.optional(p, ParamSpec.Type.ANY, p))
                            .toList())
                    .mutating(!id.startsWith("notify:"))
                    .build());
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(
                    new AwsRequest(spec.id().split(":")[0], spec.id(), Map.of("target", String.valueOf(ctx.target()))));
        }
    }

    @Test
    void thePlaybookCasesPassAndThePlaybookRulesStayOutOfTheOtherCases() throws IOException {
        List<RuleFile> files = RuleSources.builtIn();
        Set<String> ids = new TreeSet<>(RuleLoading.actionsUsed(files));
        ids.addAll(
                PlaybookSet.load(PlaybookSources.builtIn(), (a, p) -> List.of()).actionsUsed());
        ActionCatalogue catalogue = new ActionCatalogue(
                ids.stream().map(id -> (ActionHandler) new PlanOnly(id)).toList());
        PlaybookSet playbooks = PlaybookSet.load(PlaybookSources.builtIn(), new CatalogueActionRules(catalogue));
        assertThat(playbooks.problems()).isEmpty();
        assertThat(RuleLoading.checkPlaybooks(null, files, catalogue)).isEmpty();
        RuleSet rules = TestRules.builtIn(); // compiled now, or the build's model in the frozen run

        List<Path> cases;
        try (Stream<Path> s = Files.walk(Path.of("samples"))) {
            cases = s.filter(p -> p.getFileName().toString().equals("expected.json"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
        List<String> failures = new ArrayList<>();
        Set<String> playbooksReached = new TreeSet<>();
        for (Path c : cases) {
            GuardSettings g = GuardSettings.defaults(state);
            Dispatcher d = new Dispatcher(
                    catalogue,
                    new DispatchSettings(true, false),
                    List.of(new GuardRails(g, null, new Breaker(g, List.of(), Clock.systemUTC()), Clock.systemUTC())));
            Set<String> fired = new TreeSet<>();
            List<String> commands = new ArrayList<>();
            Path input = Files.exists(c.resolve("event.json")) ? c.resolve("event.json") : c.resolve("events.jsonl");
            try (Pipeline p = Pipeline.builder(new Normalizer(), rules, d, new NullAuditSink(), true, true)
                            .playbooks(() -> playbooks)
                            .investigating(
                                    Files.exists(c.resolve("context.json"))
                                            ? RecordedContext.read(c.resolve("context.json"))
                                            : null,
                                    null)
                            .build();
                    Stream<RawInput> in = EventFiles.read(List.of(input))) {
                for (RawInput r : (Iterable<RawInput>) in::iterator) {
                    Pipeline.Result result = p.process(r.json(), r.origin());
                    fired.addAll(result.rulesFired());
                    for (AuditRecord a : result.records()) {
                        if (a.action() != null) {
                            commands.add(a.action() + " " + a.target());
                            if (a.outcome() == Outcome.FAILED && a.playbook() != null) {
                                failures.add(c + ": " + a.action() + " failed: " + a.error());
                            }
                        }
                        if (a.playbook() != null) {
                            playbooksReached.add((String) a.playbook().get("id"));
                        }
                    }
                }
            }
            String name = Path.of("samples").relativize(c).toString().replace('\\', '/');
            if (!PLAYBOOK_CASES.contains(name)) {
                // another rule's case: only check that no playbook rule joins in
                fired.stream()
                        .filter(r -> r.contains("playbook"))
                        .forEach(r -> failures.add(c + ": playbook rule fired: " + r));
                continue;
            }
            JsonNode expected = JSON.readTree(c.resolve("expected.json").toFile());
            Set<String> wantRules = new TreeSet<>();
            expected.get("rules").forEach(n -> wantRules.add(n.asText()));
            List<String> wantCommands = new ArrayList<>();
            expected.get("commands")
                    .forEach(n -> wantCommands.add(n.get("action").asText() + " "
                            + (n.hasNonNull("target") ? n.get("target").asText() : null)));
            if (!fired.equals(wantRules)) {
                failures.add(c + ": rules expected " + wantRules + ", fired " + fired);
            }
            if (!commands.stream()
                    .sorted()
                    .toList()
                    .equals(wantCommands.stream().sorted().toList())) {
                failures.add(c + ": commands expected " + wantCommands + ", got " + commands);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(playbooksReached)
                .as("every built-in playbook is reached by a built-in rule in a sample")
                .containsExactlyInAnyOrderElementsOf(
                        playbooks.all().stream().map(pb -> pb.id()).toList());
    }
}
