package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.INSTANCE;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StopInstanceTest {
    private static final String STOPPING =
            "<StopInstancesResponse xmlns=\"" + AwsWire.EC2_NS + "\"><requestId>req-stop</requestId>"
                    + "<instancesSet><item><instanceId>" + INSTANCE
                    + "</instanceId><currentState><code>64</code><name>stopping</name>"
                    + "</currentState><previousState><code>16</code><name>running</name></previousState></item></instancesSet>"
                    + "</StopInstancesResponse>";
    private final AwsWire aws = new AwsWire();
    private final StopInstance handler = new StopInstance(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void plansAndSendsStopInstances() {
        aws.ok("StopInstances", STOPPING);
        ActionContext ctx = ctx("ec2:stop-instance", INSTANCE, Map.of());

        ExecutionResult r = handler.execute(ctx);

        assertThat(handler.plan(ctx))
                .containsExactly(new AwsRequest("ec2", "StopInstances", Map.of("InstanceIds", List.of(INSTANCE))));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(r.awsRequestId()).isEqualTo("req-stop");
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(
                                Map.of("Action", "StopInstances", "Version", "2016-11-15", "InstanceId.1", INSTANCE)));
    }

    @Test
    void forceIsSentOnlyWhenAskedFor() {
        aws.ok("StopInstances", STOPPING);
        ActionContext ctx = ctx("ec2:stop-instance", INSTANCE, Map.of("force", true));

        handler.execute(ctx);

        assertThat(handler.plan(ctx).get(0).parameters()).containsEntry("Force", true);
        assertThat(aws.calls().get(0).params()).containsEntry("Force", "true");
    }

    @Test
    void aVanishedInstanceIsSkipped() {
        aws.answer(
                "StopInstances",
                400,
                ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + INSTANCE + "' does not exist"));

        assertThat(handler.execute(ctx("ec2:stop-instance", INSTANCE, Map.of())).outcome())
                .isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void validatesWithDryRun() {
        aws.answer("StopInstances", 412, Ec2TestSupport.WOULD_SUCCEED);

        assertThat(handler.validateWithAws(ctx("ec2:stop-instance", INSTANCE, Map.of()))
                        .verdict())
                .isEqualTo("DryRunOperation");
        assertThat(aws.calls().get(0).params()).containsEntry("DryRun", "true");
    }
}
