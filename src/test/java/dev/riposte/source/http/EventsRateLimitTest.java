package dev.riposte.source.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.Throttle;
import dev.riposte.normalize.Normalizer;
import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.pipeline.StopHostRule;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP ingest has no redelivery: a rate-limited command makes the answer 429 with Retry-After, for the sender to post again. */
class EventsRateLimitTest {
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
            return ActionSpec.builder("ec2:stop-instance")
                    .description("test")
                    .targetType("AWS::EC2::Instance")
                    .permissions("ec2:StopInstances")
                    .build();
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
        Throttle throttle = (action, account, region, calls) ->
                tokens.getAndDecrement() > 0 ? Throttle.Permit.FREE : new Throttle.Permit(false, 0, "no token (test)");
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new Stop(executed))),
                new DispatchSettings(false, false),
                List.of(),
                throttle);
        pipeline =
                new Pipeline(new Normalizer(), StopHostRule.compile(), dispatcher, new NullAuditSink(), false, false);
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
        return ((EventsResource.Answer) r.getEntity()).decisions();
    }

    @Test
    void aRateLimitedCommandAsksTheSenderToComeBack() throws Exception {
        EventsResource events = resource();
        Response limited =
                events.ingest(null, new ByteArrayInputStream(StopHostRule.EVENT.getBytes(StandardCharsets.UTF_8)));
        assertThat(limited.getStatus()).isEqualTo(429);
        assertThat(limited.getHeaderString("Retry-After")).isEqualTo(EventsResource.RETRY_AFTER_SECONDS);
        assertThat(decisions(limited)).extracting(AuditRecord::outcome).containsExactly(Outcome.RATE_LIMITED);
        assertThat(executed).hasValue(0);

        tokens.set(10);
        Response done =
                events.ingest(null, new ByteArrayInputStream(StopHostRule.EVENT.getBytes(StandardCharsets.UTF_8)));
        assertThat(done.getStatus()).isEqualTo(200);
        assertThat(decisions(done)).extracting(AuditRecord::outcome).containsExactly(Outcome.SUCCEEDED);
        assertThat(executed).hasValue(1);
    }
}
