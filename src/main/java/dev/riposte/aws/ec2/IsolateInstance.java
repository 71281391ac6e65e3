package dev.riposte.aws.ec2;

import static dev.riposte.aws.Requests.params;
import static dev.riposte.aws.Requests.request;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ec2:isolate-instance}: cut an instance off the network without stopping it (memory and disks stay
 * for forensics). Every network interface gets the VPC's quarantine group, which has no inbound and no
 * outbound rule; the groups it had are kept in the instance tag {@value #ORIGINAL_GROUPS_TAG} so the
 * isolation can be undone. Public: wiring outside CDI (tests, CLI) constructs it.
 */
@ApplicationScoped
public class IsolateInstance implements ActionHandler {
    static final String ORIGINAL_GROUPS_TAG = "riposte:original-security-groups";
    static final String GROUP_PREFIX = "riposte-quarantine-";
    static final String GROUP_DESCRIPTION = "Riposte quarantine: no inbound or outbound traffic";

    private static final ActionSpec SPEC = new ActionSpec("ec2:isolate-instance",
            "Swap the security groups of every network interface of an instance for a quarantine group without"
                    + " rules (created per VPC when missing); the original groups are kept in the tag "
                    + ORIGINAL_GROUPS_TAG,
            "AWS::EC2::Instance",
            List.of(ParamSpec.optional("reason", "string", "why, for the audit log")),
            List.of("ec2:DescribeInstances", "ec2:DescribeSecurityGroups", "ec2:CreateSecurityGroup",
                    "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:CreateTags",
                    "ec2:ModifyNetworkInterfaceAttribute"),
            true, true);

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public List<String> check(ActionCommand command) {
        return Ec2Ids.instanceId(command.target()) == null
                ? List.of("ec2:isolate-instance target '" + command.target() + "' is not an instance id (i-...) or instance ARN")
                : List.of();
    }

    /**
     * Without calling AWS the VPC and interfaces come from the GuardDuty finding when it has them; otherwise
     * they show as {@code <placeholders>}, as does the id of a quarantine group that may still have to be created.
     */
    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String instanceId = Ec2Ids.requireInstanceId(ctx.target());
        Optional<InstanceNetwork> known = InstanceNetwork.fromFinding(ctx.event(), instanceId);
        String vpc = known.map(InstanceNetwork::vpcId).orElse("<vpc-of:" + instanceId + ">");
        String group = "<quarantine-group:" + vpc + ">";
        List<AwsRequest> plan = new ArrayList<>();
        plan.add(describeInstances(instanceId));
        plan.add(describeQuarantineGroup(vpc));
        plan.add(createQuarantineGroup(vpc));
        plan.add(revokeDefaultEgress(group));
        plan.add(tagOriginalGroups(instanceId, known.map(n -> String.join(",", n.groupIds()))
                .orElse("<security-groups-of:" + instanceId + ">")));
        List<String> enis = known.map(n -> n.interfaces().stream().map(InstanceNetwork.Eni::id).toList())
                .orElse(List.of("<each-network-interface-of:" + instanceId + ">"));
        for (String eni : enis) {
            plan.add(moveInterface(eni, group));
        }
        return plan;
    }

    static String groupName(String vpcId) {
        return GROUP_PREFIX + vpcId;
    }

    static AwsRequest describeInstances(String instanceId) {
        return request("ec2", "DescribeInstances", "InstanceIds", List.of(instanceId));
    }

    static AwsRequest describeQuarantineGroup(String vpcId) {
        return request("ec2", "DescribeSecurityGroups", "Filters", List.of(
                params("Name", "group-name", "Values", List.of(groupName(vpcId))),
                params("Name", "vpc-id", "Values", List.of(vpcId))));
    }

    static AwsRequest createQuarantineGroup(String vpcId) {
        return request("ec2", "CreateSecurityGroup", "GroupName", groupName(vpcId),
                "Description", GROUP_DESCRIPTION, "VpcId", vpcId);
    }

    /** A new group allows all outbound IPv4 traffic; quarantine must not. */
    static AwsRequest revokeDefaultEgress(String groupId) {
        return request("ec2", "RevokeSecurityGroupEgress", "GroupId", groupId, "IpPermissions", List.of(
                params("IpProtocol", "-1", "IpRanges", List.of(params("CidrIp", "0.0.0.0/0")))));
    }

    static AwsRequest tagOriginalGroups(String instanceId, String groups) {
        return request("ec2", "CreateTags", "Resources", List.of(instanceId),
                "Tags", List.of(params("Key", ORIGINAL_GROUPS_TAG, "Value", groups)));
    }

    static AwsRequest moveInterface(String eniId, String groupId) {
        return request("ec2", "ModifyNetworkInterfaceAttribute", "NetworkInterfaceId", eniId,
                "Groups", List.of(groupId));
    }
}
