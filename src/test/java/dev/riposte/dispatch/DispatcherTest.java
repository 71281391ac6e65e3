package dev.riposte.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static final String ID = "i-0123456789abcdef0";
    private final FakeHandler handler = new FakeHandler("ec2:isolate-instance");
    private final ActionCatalogue catalogue = new ActionCatalogue(List.of(handler));
    private final SecurityEvent event = Events.torClient().build();
    private final ActionCommand command = ActionCommand.of("ec2:isolate-instance", ID);

    private Dispatcher dispatcher(boolean dryRun) {
        return new Dispatcher(catalogue, new DispatchSettings(dryRun, false));
    }

    @Test
    void dryRunPlansWithoutExecuting() {
        DispatchResult r = dispatcher(true).dispatch(command, event, false);

        assertThat(r.mode()).isEqualTo(Mode.DRY_RUN);
        assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(r.requests()).containsExactly(new AwsRequest("ec2", "Test", Map.of("Target", ID)));
        assertThat(r.error()).isNull();
        assertThat(handler.executed).isEmpty();
    }

    @Test
    void shadowPlansEvenWhenLive() {
        DispatchResult r = dispatcher(false).dispatch(command, event, true);

        assertThat(r.mode()).isEqualTo(Mode.SHADOW);
        assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(r.requests()).hasSize(1);
        assertThat(handler.executed).isEmpty();
    }

    @Test
    void liveExecutesAndReportsTheHandlersResult() {
        DispatchResult r = dispatcher(false).dispatch(command, event, false);

        assertThat(r.mode()).isEqualTo(Mode.LIVE);
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-1");
        assertThat(handler.executed).hasSize(1);
    }

    @Test
    void liveExceptionBecomesAOneLineFailure() {
        handler.execution = ctx -> {
            throw new IllegalStateException("EC2 said no\n  at some.Frame(Foo.java:1)");
        };
        DispatchResult r = dispatcher(false).dispatch(command, event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("EC2 said no");
    }

    @Test
    void skippedFromTheHandlerIsKept() {
        handler.execution = ctx -> ExecutionResult.skipped("instance " + ID + " no longer exists", List.of());
        DispatchResult r = dispatcher(false).dispatch(command, event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("instance " + ID + " no longer exists");
    }

    @Test
    void unknownActionFailsWithTheReason() {
        DispatchResult r = dispatcher(true).dispatch(ActionCommand.of("ec2:isolate-instanc", ID), event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("unknown action 'ec2:isolate-instanc' (did you mean 'ec2:isolate-instance'?)");
        assertThat(r.requests()).isEmpty();
    }

    @Test
    void invalidParametersFailWithEveryProblem() {
        DispatchResult r = dispatcher(false)
                .dispatch(new ActionCommand("ec2:isolate-instance", ID, Map.of("a", 1, "reason", 2)), event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error())
                .contains("unknown parameter 'a' for ec2:isolate-instance")
                .contains("parameter 'reason' of ec2:isolate-instance must be string, got Integer");
        assertThat(handler.planned).isEmpty();
        assertThat(handler.executed).isEmpty();
    }

    @Test
    void aPlanThatCannotBeMadeFails() {
        handler.planFailure = new IllegalArgumentException("no user name");
        DispatchResult r = dispatcher(true).dispatch(command, event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("cannot plan ec2:isolate-instance: no user name");
    }

    @Test
    void actsInTheEventsAccountAndRegion() {
        dispatcher(true).dispatch(command, event, false);

        assertThat(handler.planned.get(0).account()).isEqualTo(Events.ACCOUNT);
        assertThat(handler.planned.get(0).region()).isEqualTo("us-east-1");
    }

    @Test
    void theTargetResourcesRegionWins() {
        SecurityEvent crossRegion = Events.torClient()
                .resources(Events.instance("i-0ffffffffffffffff", "ap-south-1"), Events.instance(ID, "eu-west-1"))
                .build();
        dispatcher(true).dispatch(command, crossRegion, false);
        dispatcher(true)
                .dispatch(
                        ActionCommand.of(
                                "ec2:isolate-instance", "arn:aws:ec2:eu-west-1:" + Events.ACCOUNT + ":instance/" + ID),
                        crossRegion,
                        false);

        assertThat(handler.planned).extracting(ActionContext::region).containsExactly("eu-west-1", "eu-west-1");
    }

    @Test
    void aCheckCanStopACommandAndSeesEveryResult() {
        List<String> seen = new ArrayList<>();
        DispatchCheck exempt = new DispatchCheck() {
            @Override
            public Optional<Stop> before(Attempt a) {
                return a.live() ? Optional.of(new Stop(Outcome.EXEMPT, "tagged riposte:exempt")) : Optional.empty();
            }

            @Override
            public void after(Attempt a, DispatchResult r) {
                seen.add(a.mode() + ":" + r.outcome());
            }
        };
        Dispatcher live = new Dispatcher(catalogue, new DispatchSettings(false, false), List.of(exempt));
        Dispatcher dry = new Dispatcher(catalogue, new DispatchSettings(true, false), List.of(exempt));

        DispatchResult stopped = live.dispatch(command, event, false);
        DispatchResult planned = dry.dispatch(command, event, false);

        assertThat(stopped.outcome()).isEqualTo(Outcome.EXEMPT);
        assertThat(stopped.error()).isEqualTo("tagged riposte:exempt");
        assertThat(handler.executed).isEmpty();
        assertThat(planned.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(seen).containsExactly("live:exempt", "dry-run:planned");
    }

    @Test
    void aCheckThatBreaksStopsTheCommandAsFailed() {
        DispatchCheck broken = a -> {
            throw new IllegalStateException("idempotency store unavailable");
        };
        Dispatcher live = new Dispatcher(catalogue, new DispatchSettings(false, false), List.of(broken));

        DispatchResult r = live.dispatch(command, event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).endsWith("failed: idempotency store unavailable");
        assertThat(handler.executed).isEmpty();
    }

    @Test
    void validationWithAwsAddsTheVerdictToThePlan() {
        ActionSpec dryRunnable = ActionSpec.builder("ec2:stop-instance")
                .description("d")
                .targetType("AWS::EC2::Instance")
                .permissions("ec2:StopInstances")
                .awsDryRun(true)
                .build();
        ActionHandler h = new ActionHandler() {
            @Override
            public ActionSpec spec() {
                return dryRunnable;
            }

            @Override
            public List<AwsRequest> plan(ActionContext ctx) {
                return List.of(new AwsRequest("ec2", "StopInstances", Map.of("InstanceIds", List.of(ctx.target()))));
            }

            @Override
            public AwsDryRun validateWithAws(ActionContext ctx) {
                return new AwsDryRun(
                        "UnauthorizedOperation", List.of(), "req-9", "StopInstances: UnauthorizedOperation: no");
            }
        };
        Dispatcher validating = new Dispatcher(new ActionCatalogue(List.of(h)), new DispatchSettings(true, true));

        DispatchResult r = validating.dispatch(ActionCommand.of("ec2:stop-instance", ID), event, false);

        assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(r.awsDryRun()).isEqualTo("UnauthorizedOperation");
        assertThat(r.error()).isEqualTo("StopInstances: UnauthorizedOperation: no");
        assertThat(r.awsRequestId()).isEqualTo("req-9");
        assertThat(r.requests()).hasSize(1);
        // handlers without AWS DryRun support are only planned
        assertThat(new Dispatcher(catalogue, new DispatchSettings(true, true))
                        .dispatch(command, event, false)
                        .awsDryRun())
                .isNull();
    }

    @Test
    void dispatchesWithoutAnEvent() {
        DispatchResult r = dispatcher(true).dispatch(command, null, false);

        assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(handler.planned.get(0).account()).isNull();
    }
}
