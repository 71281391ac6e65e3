package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;

/**
 * {@code ec2:detach-from-autoscaling}: take an instance out of its Auto Scaling group before it is isolated, so
 * failed health checks do not terminate it (and the evidence with it). The group launches a replacement
 * (desired capacity is kept). An instance in no group is already where it should be.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class DetachFromAutoScaling extends AwsHandler {
    private static final ActionSpec SPEC = ActionSpec.builder("ec2:detach-from-autoscaling")
            .description(
                    "Detach an EC2 instance from its Auto Scaling group (a replacement is launched; the instance keeps running)")
            .targetType("AWS::EC2::Instance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("autoscaling:DescribeAutoScalingInstances", "autoscaling:DetachInstances")
            .build();

    @Inject
    public DetachFromAutoScaling(AwsClients clients) {
        super(SPEC, Ec2Targets.INSTANCE, clients);
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        return List.of(describe(id), detach(id, "<auto-scaling-group-of:" + id + ">"));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        return Execution.execute(Set.of(), exec -> {
            AutoScalingClient asg = clients.autoScaling(ctx);
            List<AutoScalingInstanceDetails> found = exec.read(
                            describe(id), () -> asg.describeAutoScalingInstances(b -> b.instanceIds(id)))
                    .autoScalingInstances();
            if (found.isEmpty()) {
                return exec.succeeded(); // in no group (any more)
            }
            AutoScalingInstanceDetails details = found.get(0);
            String lifecycle = details.lifecycleState();
            if (lifecycle != null && (lifecycle.startsWith("Detach") || lifecycle.startsWith("Terminat"))) {
                return exec.succeeded(); // already leaving the group
            }
            String group = details.autoScalingGroupName();
            exec.change(
                    detach(id, group),
                    Set.of(),
                    () -> asg.detachInstances(
                            b -> b.instanceIds(id).autoScalingGroupName(group).shouldDecrementDesiredCapacity(false)));
            return exec.succeeded();
        });
    }

    static AwsRequest describe(String id) {
        return request("autoscaling", "DescribeAutoScalingInstances", "InstanceIds", List.of(id));
    }

    static AwsRequest detach(String id, String group) {
        return request(
                "autoscaling",
                "DetachInstances",
                "InstanceIds",
                List.of(id),
                "AutoScalingGroupName",
                group,
                "ShouldDecrementDesiredCapacity",
                false);
    }
}
