package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** The pipeline's observation hooks: listeners see every fact and audit record; the event id is in the MDC while it is handled. */
class PipelineListenerTest {
    static final String RULES = """
            package rules.custom

            import dev.riposte.fact.SecurityEvent
            import dev.riposte.command.ActionCommand

            rule "root login"
            when
                $e : SecurityEvent( source == "cloudtrail", type == "ConsoleLogin" )
            then
                insert(ActionCommand.of("test:record-mdc", $e.id()));
            end
            """;

    /** Records the MDC event id seen while the dispatcher plans the command. */
    static final class MdcProbe implements ActionHandler {
        final List<Object> seen = new ArrayList<>();

        @Override
        public ActionSpec spec() {
            return ActionSpec.builder("test:record-mdc")
                    .description("records the MDC")
                    .mutating(false)
                    .build();
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            seen.add(MDC.get(Pipeline.EVENT_ID));
            return List.of(new AwsRequest("test", "Nothing", Map.of()));
        }
    }

    static final class Recorder implements DecisionListener {
        final List<String> evaluated = new ArrayList<>();
        final List<String> outcomes = new ArrayList<>();

        @Override
        public void evaluated(SecurityEvent event, List<String> rulesFired, long nanos) {
            assertThat(nanos).isPositive();
            evaluated.add(event.source() + " " + rulesFired);
        }

        @Override
        public void decided(AuditRecord record) {
            outcomes.add(record.outcome() + " " + record.action());
        }
    }

    final MdcProbe probe = new MdcProbe();
    final Recorder recorder = new Recorder();

    Pipeline pipeline() {
        CompileResult compiled =
                RuleCompiler.compile(List.of(new RuleFile("custom/login.drl", RULES)), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Dispatcher dispatcher = new Dispatcher(new ActionCatalogue(List.of(probe)), DispatchSettings.defaults());
        return Pipeline.builder(new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), true, true)
                .listening(List.of(recorder))
                .build();
    }

    static JsonNode fixture(String name) throws Exception {
        return new ObjectMapper()
                .readTree(Files.readString(Path.of("src/test/resources/normalize", name, "input.json")));
    }

    @Test
    void listenersSeeEveryFactAndEveryAuditRecord() throws Exception {
        try (Pipeline p = pipeline()) {
            p.process(fixture("cloudtrail-consolelogin-root-success"), "a.json");
            p.process(fixture("cloudtrail-stoplogging"), "b.json");
            p.process(new ObjectMapper().readTree("{\"hello\": 1}"), "c.json");
        }
        assertThat(recorder.evaluated).containsExactly("cloudtrail [root login]", "cloudtrail []");
        assertThat(recorder.outcomes).containsExactly("planned test:record-mdc", "no-match null", "rejected null");
    }

    @Test
    void theEventIdIsInTheMdcWhileItIsHandledAndRemovedAfter() throws Exception {
        JsonNode login = fixture("cloudtrail-consolelogin-root-success");
        try (Pipeline p = pipeline()) {
            Pipeline.Result r = p.process(login, "a.json");
            assertThat(probe.seen).containsExactly(r.records().get(0).eventId());
            assertThat(probe.seen.get(0)).isNotNull();
        }
        assertThat(MDC.get(Pipeline.EVENT_ID)).isNull();
    }

    @Test
    void anOuterEventIdIsRestored() throws Exception {
        MDC.put(Pipeline.EVENT_ID, "outer");
        try (Pipeline p = pipeline()) {
            p.process(fixture("cloudtrail-consolelogin-root-success"), "a.json");
            assertThat(MDC.get(Pipeline.EVENT_ID)).isEqualTo("outer");
        } finally {
            MDC.remove(Pipeline.EVENT_ID);
        }
    }
}
