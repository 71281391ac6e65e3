package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.INSTANCE;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetachFromAutoScalingTest {
    private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private final AwsWire aws = new AwsWire();
    private final DetachFromAutoScaling handler = new DetachFromAutoScaling(aws.clients());
    private final ActionContext ctx = ctx("ec2:detach-from-autoscaling", INSTANCE, Map.of());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static String instances(String lifecycle) {
        String member = lifecycle == null
                ? ""
                : "<member><InstanceId>" + INSTANCE + "</InstanceId><InstanceType>m5.large</InstanceType>"
                        + "<AutoScalingGroupName>web-asg</AutoScalingGroupName><AvailabilityZone>us-east-1a</AvailabilityZone>"
                        + "<LifecycleState>" + lifecycle + "</LifecycleState><HealthStatus>HEALTHY</HealthStatus>"
                        + "<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>";
        return "<DescribeAutoScalingInstancesResponse xmlns=\"" + NS
                + "\"><DescribeAutoScalingInstancesResult><AutoScalingInstances>"
                + member
                + "</AutoScalingInstances></DescribeAutoScalingInstancesResult><ResponseMetadata><RequestId>req-dasi"
                + "</RequestId></ResponseMetadata></DescribeAutoScalingInstancesResponse>";
    }

    @Test
    void detachesKeepingCapacity() {
        aws.ok("DescribeAutoScalingInstances", instances("InService"));
        aws.ok(
                "DetachInstances",
                "<DetachInstancesResponse xmlns=\"" + NS + "\"><DetachInstancesResult><Activities><member>"
                        + "<ActivityId>5091cb52-547a-47ce-a236-c9ccbc2cb2c9EXAMPLE</ActivityId>"
                        + "<AutoScalingGroupName>web-asg</AutoScalingGroupName>"
                        + "<Description>Detaching EC2 instance: " + INSTANCE + "</Description><Cause>detach</Cause>"
                        + "<StartTime>2024-05-01T12:00:00Z</StartTime><StatusCode>InProgress</StatusCode><Progress>50</Progress></member>"
                        + "</Activities></DetachInstancesResult><ResponseMetadata><RequestId>req-detach</RequestId></ResponseMetadata>"
                        + "</DetachInstancesResponse>");

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-detach");
        assertThat(aws.calls().get(0).params())
                .containsEntry("InstanceIds.member.1", INSTANCE)
                .containsEntry("Version", "2011-01-01");
        assertThat(aws.calls().get(1).params())
                .isEqualTo(Map.of(
                        "Action",
                        "DetachInstances",
                        "Version",
                        "2011-01-01",
                        "InstanceIds.member.1",
                        INSTANCE,
                        "AutoScalingGroupName",
                        "web-asg",
                        "ShouldDecrementDesiredCapacity",
                        "false"));
        assertThat(r.requests().get(1)).isEqualTo(DetachFromAutoScaling.detach(INSTANCE, "web-asg"));
    }

    @Test
    void anInstanceInNoGroupOrAlreadyLeavingIsLeftAlone() {
        aws.ok("DescribeAutoScalingInstances", instances(null));
        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SUCCEEDED);

        aws.reset();
        aws.ok("DescribeAutoScalingInstances", instances("Detaching"));
        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("DescribeAutoScalingInstances");
    }
}
