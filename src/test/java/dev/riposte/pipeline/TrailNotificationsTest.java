package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSources;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15.2: a StopLogging and then a DeleteTrail of the same trail, through the built-in rules (compiled by Drools) and
 * the guard rails in dry-run, as {@code riposte replay} runs them: both notifications go out. Before, the DeleteTrail
 * one was "deduplicated" against the StopLogging one (same action and target), and its reason said it "already ran".
 */
class TrailNotificationsTest {
    @TempDir
    Path state;

    private record PlanOnly(ActionSpec spec) implements ActionHandler {
        PlanOnly(String id) {
            this(ActionSpec.builder(id)
                    .description("stand-in for " + id)
                    .params(
                            ParamSpec.optional("message", ParamSpec.Type.ANY, "m"),
                            ParamSpec.optional("reason", ParamSpec.Type.ANY, "r"))
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
    void stopLoggingThenDeleteTrailAreBothNotified() throws IOException {
        List<RuleFile> files = RuleSources.builtIn().stream()
                .filter(f -> f.path().contains("cloudtrail/logging"))
                .toList();
        assertThat(files).hasSize(1);
        ActionCatalogue catalogue =
                new ActionCatalogue(List.of(new PlanOnly("notify:log"), new PlanOnly("cloudtrail:start-logging")));
        CompileResult rules = RuleCompiler.compile(files, Duration.ofHours(1));
        assertThat(rules.problems()).isEmpty();
        GuardSettings g = GuardSettings.defaults(state);
        Dispatcher d = new Dispatcher(
                catalogue,
                new DispatchSettings(true, false),
                List.of(new GuardRails(g, null, new Breaker(g, List.of(), Clock.systemUTC()), Clock.systemUTC())));
        List<AuditRecord> notifications = new ArrayList<>();
        try (Pipeline p = Pipeline.builder(new Normalizer(), rules.ruleSet(), d, new NullAuditSink(), true, true)
                        .build();
                Stream<RawInput> in = EventFiles.read(List.of(
                        Path.of("samples/cloudtrail/stop-logging/event.json"),
                        Path.of("samples/cloudtrail/delete-trail-raw-record/event.json")))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                p.process(r.json(), r.origin()).records().stream()
                        .filter(a -> "notify:log".equals(a.action()))
                        .forEach(notifications::add);
            }
        }
        assertThat(notifications).extracting(AuditRecord::type).containsExactly("StopLogging", "DeleteTrail");
        assertThat(notifications)
                .extracting(AuditRecord::target)
                .containsOnly(notifications.get(0).target());
        assertThat(notifications).extracting(AuditRecord::outcome).containsExactly(Outcome.PLANNED, Outcome.PLANNED);
    }
}
