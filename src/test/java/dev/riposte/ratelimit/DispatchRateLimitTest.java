package dev.riposte.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsDryRun;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.idempotency.IdempotencyCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher with real rate limits on a test clock: wait, defer, come back. */
class DispatchRateLimitTest {
    private final FakeTicker ticker = new FakeTicker();

    @TempDir
    Path state;

    /** ec2:stop-instance with one StopInstances call; counts what reached AWS. */
    static final class StopAction implements ActionHandler {
        final List<String> executed = new ArrayList<>();
        int validated;

        @Override
        public ActionSpec spec() {
            return ActionSpec.builder("ec2:stop-instance")
                    .description("test")
                    .targetType("AWS::EC2::Instance")
                    .permissions("ec2:StopInstances")
                    .awsDryRun(true)
                    .build();
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(new AwsRequest("ec2", "StopInstances", Map.of("InstanceIds", List.of(ctx.target()))));
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            executed.add(ctx.account() + "/" + ctx.target());
            return ExecutionResult.succeeded(plan(ctx), "req-" + executed.size());
        }

        @Override
        public AwsDryRun validateWithAws(ActionContext ctx) {
            validated++;
            return new AwsDryRun("DryRunOperation", plan(ctx), "req-dry", null);
        }
    }

    private final StopAction action = new StopAction();

    private RateLimiter limiter(String maxWait, String operations) {
        return new RateLimiter(
                RateLimitSettings.parse(true, maxWait, "100/1s burst=100", "", operations), ticker, null);
    }

    private Dispatcher dispatcher(boolean dryRun, boolean validate, RateLimiter limiter, IdempotencyCheck... checks) {
        return new Dispatcher(
                new ActionCatalogue(List.of(action)), new DispatchSettings(dryRun, validate), List.of(checks), limiter);
    }

    private static SecurityEvent event(String id, String account) {
        return Events.guardDuty("Test").id(id).account(account).severity(8.0).build();
    }

    private static DispatchResult stop(Dispatcher d, String eventId, String account, String instance) {
        return d.dispatch(ActionCommand.of("ec2:stop-instance", instance), event(eventId, account), false);
    }

    @Test
    void aLiveCommandWaitsForItsTokenThenRunsAndTheWaitIsInTheResult() {
        Dispatcher d = dispatcher(false, false, limiter("5s", "ec2:StopInstances=1/2s burst=1"));
        assertThat(stop(d, "e1", "111122223333", "i-1").rateLimitWaitMs()).isZero();
        DispatchResult second = stop(d, "e2", "111122223333", "i-2");
        assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.rateLimitWaitMs()).isEqualTo(2000);
        assertThat(ticker.slept).containsExactly(TimeUnit.SECONDS.toNanos(2));
        assertThat(action.executed).containsExactly("111122223333/i-1", "111122223333/i-2");
    }

    @Test
    void anExhaustedBucketDefersTheCommandAndItRunsWhenItComesBack() {
        RateLimiter limiter = limiter("1s", "ec2:StopInstances=1/1m burst=1");
        try (IdempotencyCheck idempotency = new IdempotencyCheck(state)) {
            Dispatcher d = dispatcher(false, false, limiter, idempotency);
            assertThat(stop(d, "e1", "111122223333", "i-1").outcome()).isEqualTo(Outcome.SUCCEEDED);
            DispatchResult limited = stop(d, "e2", "111122223333", "i-2");
            assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(limited.error()).contains("ec2:StopInstances").contains("deferred");
            assertThat(limited.requests()).extracting(AwsRequest::operation).containsExactly("StopInstances");
            assertThat(action.executed).containsExactly("111122223333/i-1");
            assertThat(ticker.slept)
                    .as("no pointless wait when the token cannot come in time")
                    .isEmpty();

            // redelivered later (SQS): idempotency released the limited attempt, so it runs now; the done one does not
            // repeat
            ticker.advance(1, TimeUnit.MINUTES);
            assertThat(stop(d, "e2", "111122223333", "i-2").outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(stop(d, "e1", "111122223333", "i-1").outcome()).isEqualTo(Outcome.DEDUPLICATED);
            assertThat(action.executed).containsExactly("111122223333/i-1", "111122223333/i-2");
        }
    }

    @Test
    void anotherAccountIsNotSlowedByABusyOne() {
        Dispatcher d = dispatcher(false, false, limiter("0s", "ec2:StopInstances=1/1m burst=1"));
        stop(d, "e1", "111122223333", "i-1");
        assertThat(stop(d, "e2", "111122223333", "i-2").outcome()).isEqualTo(Outcome.RATE_LIMITED);
        DispatchResult other = stop(d, "e3", "444455556666", "i-3");
        assertThat(other.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(other.rateLimitWaitMs()).isZero();
    }

    @Test
    void aPlainDryRunCallsNothingAndIsNeverLimited() {
        RateLimiter limiter = limiter("0s", "ec2:StopInstances=1/1h burst=1");
        Dispatcher d = dispatcher(true, false, limiter);
        for (int i = 0; i < 50; i++) {
            assertThat(stop(d, "e" + i, "111122223333", "i-" + i).outcome()).isEqualTo(Outcome.PLANNED);
        }
        assertThat(limiter.actionTokens("ec2:stop-instance")).isEqualTo(100.0);
    }

    @Test
    void awsDryRunValidationCallsAwsSoItIsLimited() {
        Dispatcher d = dispatcher(true, true, limiter("0s", "ec2:StopInstances=1/1h burst=1"));
        DispatchResult first = stop(d, "e1", "111122223333", "i-1");
        assertThat(first.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(first.awsDryRun()).isEqualTo("DryRunOperation");
        DispatchResult second = stop(d, "e2", "111122223333", "i-2");
        assertThat(second.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(second.awsDryRun()).isNull();
        assertThat(action.validated).isEqualTo(1);
    }
}
