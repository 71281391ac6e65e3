package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.params;
import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsAction;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * {@code ec2:isolate-instance}: cut an instance off the network without stopping it (memory and disks stay
 * for forensics). Every network interface gets the VPC's quarantine group, which has no inbound and no
 * outbound rule; the groups it had are kept in the instance tag {@value #ORIGINAL_GROUPS_TAG} so the
 * isolation can be undone. Caveat (EC2 connection tracking): connections already tracked when the groups change
 * survive until idle; add {@code ec2:deny-ip-in-nacl} for a known attacker address, which cuts them at once.
 * Public: wiring outside CDI (tests, CLI) constructs it.
 */
@ApplicationScoped
public class IsolateInstance extends AwsHandler implements AwsAction {
    static final String ORIGINAL_GROUPS_TAG = "riposte:original-security-groups";
    static final int MAX_TAG_VALUE = 256;
    static final String GROUP_PREFIX = "riposte-quarantine-";
    static final String GROUP_DESCRIPTION = "Riposte quarantine: no inbound or outbound traffic";

    private static final ActionSpec SPEC = ActionSpec.builder("ec2:isolate-instance")
            .description(
                    "Swap the security groups of every network interface of an instance for a quarantine group without"
                            + " rules (created per VPC when missing); the original groups are kept in the tag "
                            + ORIGINAL_GROUPS_TAG)
            .targetType("AWS::EC2::Instance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions(
                    "ec2:DescribeInstances",
                    "ec2:DescribeSecurityGroups",
                    "ec2:CreateSecurityGroup",
                    "ec2:RevokeSecurityGroupEgress",
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:CreateTags",
                    "ec2:ModifyNetworkInterfaceAttribute")
            .awsDryRun(true)
            .build();

    @Inject
    public IsolateInstance(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "i-0123456789abcdef0").with("reason", "tor");
    }

    @Override
    public List<String> check(ActionCommand command) {
        return Ec2Ids.instanceId(command.target()) == null
                ? List.of("ec2:isolate-instance target '" + command.target()
                        + "' is not an instance id (i-...) or instance ARN")
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
        plan.add(tagOriginalGroups(
                instanceId,
                known.map(n -> String.join(",", n.groupIds())).orElse("<security-groups-of:" + instanceId + ">")));
        List<String> enis = known.map(n ->
                        n.interfaces().stream().map(InstanceNetwork.Eni::id).toList())
                .orElse(List.of("<each-network-interface-of:" + instanceId + ">"));
        for (String eni : enis) {
            plan.add(moveInterface(eni, group));
        }
        return plan;
    }

    @Override
    public Set<String> goneCodes() {
        return Ec2Errors.INSTANCE_GONE;
    }

    /**
     * Reads the instance as it is now (the finding may be stale), then changes only what is not yet isolated,
     * so a retried or repeated command converges instead of failing.
     */
    @Override
    public ExecutionResult run(ActionContext ctx, Execution exec) {
        Ec2Client ec2 = clients.ec2(ctx);
        String id = Ec2Ids.requireInstanceId(ctx.target());
        Optional<Instance> found = Ec2Errors.describeInstance(ec2, exec, id);
        if (found.isEmpty()) {
            return exec.skipped("instance " + id + " no longer exists");
        }
        Instance instance = found.get();
        if (Ec2Errors.isGone(instance)) {
            return exec.skipped("instance " + id + " is " + instance.state().nameAsString());
        }
        if (instance.vpcId() == null) {
            throw new IllegalStateException("instance " + id + " is in no VPC; only VPC instances can be isolated");
        }
        String group = quarantineGroup(ec2, exec, instance.vpcId());
        List<InstanceNetworkInterface> toMove = instance.networkInterfaces().stream()
                .filter(ni -> !isOnlyIn(ni, group))
                .toList();
        if (toMove.isEmpty()) {
            return exec.succeeded(); // already isolated
        }
        // a previous run that moved some interfaces already recorded the original groups: keep that record
        boolean partlyDone = toMove.size() < instance.networkInterfaces().size();
        if (!(partlyDone && instance.tags().stream().anyMatch(t -> ORIGINAL_GROUPS_TAG.equals(t.key())))) {
            Set<String> original = new LinkedHashSet<>();
            instance.networkInterfaces().forEach(ni -> ni.groups().forEach(g -> original.add(g.groupId())));
            original.remove(group);
            List<Tag> tags = originalGroupTags(String.join(",", original)).stream()
                    .map(t -> Tag.builder().key(t.get(0)).value(t.get(1)).build())
                    .toList();
            exec.change(
                    tagOriginalGroups(id, String.join(",", original)),
                    Set.of(),
                    () -> ec2.createTags(
                            b -> b.dryRun(exec.dryRunFlag()).resources(id).tags(tags)));
        }
        for (InstanceNetworkInterface ni : toMove) {
            // in a DryRun the quarantine group may not exist yet: ask with the interface's own group instead
            String target = group != null ? group : ni.groups().get(0).groupId();
            exec.change(
                    moveInterface(ni.networkInterfaceId(), target),
                    Set.of(),
                    () -> ec2.modifyNetworkInterfaceAttribute(b -> b.dryRun(exec.dryRunFlag())
                            .networkInterfaceId(ni.networkInterfaceId())
                            .groups(target)));
        }
        return exec.succeeded();
    }

    private static boolean isOnlyIn(InstanceNetworkInterface ni, String group) {
        return group != null
                && ni.groups().size() == 1
                && group.equals(ni.groups().get(0).groupId());
    }

    /**
     * The VPC's quarantine group id, created when missing, with every rule it has removed. Null only in a DryRun
     * where it does not exist yet.
     */
    private static String quarantineGroup(Ec2Client ec2, Execution exec, String vpc) {
        Optional<SecurityGroup> existing = findQuarantineGroup(ec2, exec, vpc);
        if (existing.isPresent()) {
            revokeAll(ec2, exec, existing.get());
            return existing.get().groupId();
        }
        var created = exec.change(
                createQuarantineGroup(vpc),
                Set.of("InvalidGroup.Duplicate"),
                () -> ec2.createSecurityGroup(b -> b.dryRun(exec.dryRunFlag())
                        .groupName(groupName(vpc))
                        .description(GROUP_DESCRIPTION)
                        .vpcId(vpc)));
        if (created.isEmpty()) {
            if (exec.awsDryRun()) {
                return null;
            }
            // created meanwhile by a concurrent run: use that one
            SecurityGroup again = findQuarantineGroup(ec2, exec, vpc)
                    .orElseThrow(() -> new IllegalStateException(
                            "quarantine group " + groupName(vpc) + " reported as duplicate but not found"));
            revokeAll(ec2, exec, again);
            return again.groupId();
        }
        String id = created.get().groupId();
        IpPermission allTraffic = IpPermission.builder()
                .ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                .build();
        exec.change(
                revokeDefaultEgress(id),
                Set.of("InvalidPermission.NotFound"),
                () -> ec2.revokeSecurityGroupEgress(b -> b.groupId(id).ipPermissions(allTraffic)));
        return id;
    }

    /** The VPC's quarantine group, found by its name. */
    private static Optional<SecurityGroup> findQuarantineGroup(Ec2Client ec2, Execution exec, String vpc) {
        return exec
                .read(
                        describeQuarantineGroup(vpc),
                        () -> ec2.describeSecurityGroups(b -> b.filters(
                                Filter.builder()
                                        .name("group-name")
                                        .values(groupName(vpc))
                                        .build(),
                                Filter.builder().name("vpc-id").values(vpc).build())))
                .securityGroups()
                .stream()
                .findFirst();
    }

    /** Someone may have added rules to an existing quarantine group; quarantine allows nothing. */
    private static void revokeAll(Ec2Client ec2, Execution exec, SecurityGroup g) {
        if (!g.ipPermissionsEgress().isEmpty()) {
            exec.change(
                    request(
                            "ec2",
                            "RevokeSecurityGroupEgress",
                            "GroupId",
                            g.groupId(),
                            "IpPermissions",
                            IpPermissions.toMaps(g.ipPermissionsEgress())),
                    Set.of("InvalidPermission.NotFound"),
                    () -> ec2.revokeSecurityGroupEgress(b ->
                            b.dryRun(exec.dryRunFlag()).groupId(g.groupId()).ipPermissions(g.ipPermissionsEgress())));
        }
        if (!g.ipPermissions().isEmpty()) {
            exec.change(
                    request(
                            "ec2",
                            "RevokeSecurityGroupIngress",
                            "GroupId",
                            g.groupId(),
                            "IpPermissions",
                            IpPermissions.toMaps(g.ipPermissions())),
                    Set.of("InvalidPermission.NotFound"),
                    () -> ec2.revokeSecurityGroupIngress(b ->
                            b.dryRun(exec.dryRunFlag()).groupId(g.groupId()).ipPermissions(g.ipPermissions())));
        }
    }

    static String groupName(String vpcId) {
        return GROUP_PREFIX + vpcId;
    }

    static AwsRequest describeInstances(String instanceId) {
        return request("ec2", "DescribeInstances", "InstanceIds", List.of(instanceId));
    }

    static AwsRequest describeQuarantineGroup(String vpcId) {
        return request(
                "ec2",
                "DescribeSecurityGroups",
                "Filters",
                List.of(
                        params("Name", "group-name", "Values", List.of(groupName(vpcId))),
                        params("Name", "vpc-id", "Values", List.of(vpcId))));
    }

    static AwsRequest createQuarantineGroup(String vpcId) {
        return request(
                "ec2",
                "CreateSecurityGroup",
                "GroupName",
                groupName(vpcId),
                "Description",
                GROUP_DESCRIPTION,
                "VpcId",
                vpcId);
    }

    /** A new group allows all outbound IPv4 traffic; quarantine must not. */
    static AwsRequest revokeDefaultEgress(String groupId) {
        return request(
                "ec2",
                "RevokeSecurityGroupEgress",
                "GroupId",
                groupId,
                "IpPermissions",
                List.of(params("IpProtocol", "-1", "IpRanges", List.of(params("CidrIp", "0.0.0.0/0")))));
    }

    static AwsRequest tagOriginalGroups(String instanceId, String groups) {
        return request(
                "ec2",
                "CreateTags",
                "Resources",
                List.of(instanceId),
                "Tags",
                originalGroupTags(groups).stream()
                        .map(t -> params("Key", t.get(0), "Value", t.get(1)))
                        .toList());
    }

    /**
     * [key, value] pairs: one tag, or when the list is longer than a tag value may be (256), the rest in
     * {@code riposte:original-security-groups-2}, {@code -3}... so restoring never meets a truncated list.
     */
    static List<List<String>> originalGroupTags(String groups) {
        List<List<String>> tags = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String g : groups.split(",")) {
            if (cur.length() > 0 && cur.length() + 1 + g.length() > MAX_TAG_VALUE) {
                tags.add(List.of(tagKey(tags.size()), cur.toString()));
                cur.setLength(0);
            }
            cur.append(cur.length() > 0 ? "," : "").append(g);
        }
        tags.add(List.of(tagKey(tags.size()), cur.toString()));
        return tags;
    }

    private static String tagKey(int index) {
        return index == 0 ? ORIGINAL_GROUPS_TAG : ORIGINAL_GROUPS_TAG + "-" + (index + 1);
    }

    static AwsRequest moveInterface(String eniId, String groupId) {
        return request(
                "ec2", "ModifyNetworkInterfaceAttribute", "NetworkInterfaceId", eniId, "Groups", List.of(groupId));
    }
}
