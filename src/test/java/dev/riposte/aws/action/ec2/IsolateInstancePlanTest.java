package dev.riposte.aws.action.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolateInstancePlanTest {
    private static final String ID = "i-0123456789abcdef0";
    private static final String VPC = "vpc-0a1b2c3d4e5f60001";
    private final IsolateInstance handler = new IsolateInstance(null); // planning never calls AWS

    private static ActionContext ctx(String target, SecurityEvent event) {
        return new ActionContext(ActionCommand.of("ec2:isolate-instance", target), event, Events.ACCOUNT, "us-east-1");
    }

    private static AwsRequest req(String operation, Map<String, Object> parameters) {
        return new AwsRequest("ec2", operation, parameters);
    }

    @Test
    void plansFromTheGuardDutyFindingInItsEventBridgeEnvelope() {
        List<AwsRequest> plan = handler.plan(ctx(ID, Events.withDetail("guardduty-ec2-eventbridge.json")));

        String group = "<quarantine-group:" + VPC + ">";
        assertThat(plan)
                .containsExactly(
                        req("DescribeInstances", Map.of("InstanceIds", List.of(ID))),
                        req(
                                "DescribeSecurityGroups",
                                Map.of(
                                        "Filters",
                                        List.of(
                                                Map.of(
                                                        "Name",
                                                        "group-name",
                                                        "Values",
                                                        List.of("riposte-quarantine-" + VPC)),
                                                Map.of("Name", "vpc-id", "Values", List.of(VPC))))),
                        req(
                                "CreateSecurityGroup",
                                Map.of(
                                        "GroupName",
                                        "riposte-quarantine-" + VPC,
                                        "Description",
                                        "Riposte quarantine: no inbound or outbound traffic",
                                        "VpcId",
                                        VPC)),
                        req(
                                "RevokeSecurityGroupEgress",
                                Map.of(
                                        "GroupId",
                                        group,
                                        "IpPermissions",
                                        List.of(Map.of(
                                                "IpProtocol",
                                                "-1",
                                                "IpRanges",
                                                List.of(Map.of("CidrIp", "0.0.0.0/0")))))),
                        req(
                                "CreateTags",
                                Map.of(
                                        "Resources",
                                        List.of(ID),
                                        "Tags",
                                        List.of(
                                                Map.of(
                                                        "Key", "riposte:original-security-groups",
                                                        "Value",
                                                                "sg-0a1b2c3d4e5f60001,sg-0a1b2c3d4e5f60002,sg-0a1b2c3d4e5f60003")))),
                        req(
                                "ModifyNetworkInterfaceAttribute",
                                Map.of("NetworkInterfaceId", "eni-0a1b2c3d4e5f60001", "Groups", List.of(group))),
                        req(
                                "ModifyNetworkInterfaceAttribute",
                                Map.of("NetworkInterfaceId", "eni-0a1b2c3d4e5f60002", "Groups", List.of(group))));
    }

    @Test
    void readsThePascalCaseGetFindingsShape() {
        String id = "i-0fedcba9876543210";
        String vpc = "vpc-0ffffffffffff0001";
        List<AwsRequest> plan = handler.plan(ctx(id, Events.withDetail("guardduty-ec2-getfindings.json")));

        assertThat(plan)
                .extracting(AwsRequest::operation)
                .containsExactly(
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "CreateSecurityGroup",
                        "RevokeSecurityGroupEgress",
                        "CreateTags",
                        "ModifyNetworkInterfaceAttribute");
        assertThat(plan.get(2).parameters()).containsEntry("VpcId", vpc);
        assertThat(plan.get(4).parameters().get("Tags"))
                .isEqualTo(List.of(Map.of("Key", "riposte:original-security-groups", "Value", "sg-0ffffffffffff0001")));
        assertThat(plan.get(5).parameters())
                .isEqualTo(Map.of(
                        "NetworkInterfaceId",
                        "eni-0ffffffffffff0001",
                        "Groups",
                        List.of("<quarantine-group:" + vpc + ">")));
    }

    @Test
    void unknownNetworkShowsAsPlaceholders() {
        List<AwsRequest> plan = handler.plan(ctx(
                "arn:aws:ec2:us-east-1:111122223333:instance/" + ID,
                Events.torClient().build()));

        String vpc = "<vpc-of:" + ID + ">";
        assertThat(plan.get(0).parameters()).isEqualTo(Map.of("InstanceIds", List.of(ID)));
        assertThat(plan.get(2).parameters()).containsEntry("GroupName", "riposte-quarantine-" + vpc);
        assertThat(plan.get(4).parameters().get("Tags"))
                .isEqualTo(List.of(
                        Map.of("Key", "riposte:original-security-groups", "Value", "<security-groups-of:" + ID + ">")));
        assertThat(plan).hasSize(6);
        assertThat(plan.get(5).parameters())
                .isEqualTo(Map.of(
                        "NetworkInterfaceId",
                        "<each-network-interface-of:" + ID + ">",
                        "Groups",
                        List.of("<quarantine-group:" + vpc + ">")));
    }

    @Test
    void ignoresAFindingAboutAnotherInstance() {
        String other = "i-0aaaaaaaaaaaaaaaa";
        List<AwsRequest> plan = handler.plan(ctx(other, Events.withDetail("guardduty-ec2-eventbridge.json")));

        assertThat(plan.get(2).parameters()).containsEntry("VpcId", "<vpc-of:" + other + ">");
    }

    @Test
    void rejectsATargetThatIsNoInstance() {
        assertThat(handler.check(ActionCommand.of("ec2:isolate-instance", "sg-0123456789abcdef0")))
                .containsExactly(
                        "ec2:isolate-instance target 'sg-0123456789abcdef0' is not an instance id (i-...) or instance ARN");
        assertThat(handler.check(ActionCommand.of("ec2:isolate-instance", ID))).isEmpty();
        assertThat(handler.check(ActionCommand.of("ec2:isolate-instance", "i-01234567")))
                .isEmpty();
        assertThatThrownBy(() -> handler.plan(ctx("i-xyz", null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specDeclaresWhatItNeeds() {
        assertThat(handler.spec().targetType()).isEqualTo("AWS::EC2::Instance");
        assertThat(handler.spec().mutating()).isTrue();
        assertThat(handler.spec().awsDryRun()).isTrue();
        assertThat(handler.spec().permissions())
                .contains("ec2:ModifyNetworkInterfaceAttribute", "ec2:CreateSecurityGroup");
    }
}
