package dev.riposte.source.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.Throttle;
import dev.riposte.normalize.Normalizer;
import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP ingest has no redelivery: a rate-limited command makes the answer 429 with Retry-After, for the sender to post again. */
class EventsRateLimitTest {
    static final String DRL = """
            package rules.test;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;

            rule "stop compromised hosts"
            when
                $e : SecurityEvent(type == "Host Compromised")
                $r : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(ActionCommand.of("ec2:stop-instance", $r.id()));
            end
            """;
    static final String EVENT = """
            {"version":"0","id":"evt-1","detail-type":"Host Compromised","source":"com.example.edr","account":"111122223333",
             "time":"2024-05-01T12:00:00Z","region":"us-east-1",
             "resources":["arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"],"detail":{}}
            """;
    final AtomicInteger tokens = new AtomicInteger();
    final AtomicInteger executed = new AtomicInteger();
    Pipeline pipeline;

    static final class Stop implements ActionHandler {
        final AtomicInteger executed;

        Stop(AtomicInteger executed) {
            this.executed = executed;
        }

        @Override
        public ActionSpec spec() {
            return new ActionSpec("ec2:stop-instance", "test", "AWS::EC2::Instance", List.of(), List.of("ec2:StopInstances"), true, false);
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(new AwsRequest("ec2", "StopInstances", Map.of("InstanceIds", List.of(ctx.target()))));
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            executed.incrementAndGet();
            return ExecutionResult.succeeded(plan(ctx), "req-1");
        }
    }

    EventsResource resource() {
        CompileResult compiled = RuleCompiler.compile(List.of(new RuleFile("test/stop.drl", DRL)), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Throttle throttle = (action, account, region, calls) -> tokens.getAndDecrement() > 0 ? Throttle.Permit.FREE
                : new Throttle.Permit(false, 0, "no token (test)");
        Dispatcher dispatcher = new Dispatcher(new ActionCatalogue(List.of(new Stop(executed))), new DispatchSettings(false, false),
                List.of(), throttle);
        pipeline = new Pipeline(new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), false, false);
        EventsResource r = new EventsResource();
        r.json = new ObjectMapper();
        r.service = new LiveService() {
            @Override
            public boolean started() {
                return true;
            }

            @Override
            public Pipeline pipeline() {
                return pipeline;
            }
        };
        return r;
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @SuppressWarnings("unchecked")
    static List<AuditRecord> decisions(Response r) {
        return (List<AuditRecord>) ((Map<String, Object>) r.getEntity()).get("decisions");
    }

    @Test
    void aRateLimitedCommandAsksTheSenderToComeBack() {
        EventsResource events = resource();
        Response limited = events.ingest(EVENT);
        assertThat(limited.getStatus()).isEqualTo(429);
        assertThat(limited.getHeaderString("Retry-After")).isEqualTo(EventsResource.RETRY_AFTER_SECONDS);
        assertThat(decisions(limited)).extracting(AuditRecord::outcome).containsExactly("rate-limited");
        assertThat(executed).hasValue(0);

        tokens.set(10);
        Response done = events.ingest(EVENT);
        assertThat(done.getStatus()).isEqualTo(200);
        assertThat(decisions(done)).extracting(AuditRecord::outcome).containsExactly("succeeded");
        assertThat(executed).hasValue(1);
    }
}
