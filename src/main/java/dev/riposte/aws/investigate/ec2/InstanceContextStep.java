package dev.riposte.aws.investigate.ec2;

import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.investigate.AwsStep;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.model.InstanceProfile;

/**
 * {@code ec2:instance-context}: DescribeInstances for state, tags, addresses, groups, profile and volumes;
 * DescribeSecurityGroups for the rules open to the internet; IAM GetInstanceProfile for the role name. Only the
 * first call is essential: the others failing leave an incomplete context. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class InstanceContextStep extends AwsStep {
    static final String NAME = "ec2:instance-context";
    static final List<String> PERMISSIONS =
            List.of("ec2:DescribeInstances", "ec2:DescribeSecurityGroups", "iam:GetInstanceProfile");
    static final String ASG_TAG = "aws:autoscaling:groupName";
    private static final Set<String> OPEN = Set.of("0.0.0.0/0", "::/0");

    @Inject
    public InstanceContextStep(AwsClients clients) {
        super(NAME, PERMISSIONS, clients);
    }

    @Override
    public List<String> targets(SecurityEvent event) {
        Set<String> ids = new LinkedHashSet<>();
        for (Resource r : event.resources()) {
            if ("AWS::EC2::Instance".equals(r.type()) && r.id() != null && r.id().startsWith("i-")) {
                ids.add(r.id());
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public Object gather(ActionContext ctx, String instanceId, Consumer<String> problems) {
        Ec2Client ec2 = clients.ec2(ctx);
        Instance i = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("DescribeInstances returned no instance " + instanceId));
        Map<String, String> tags = new LinkedHashMap<>();
        i.tags().forEach(t -> tags.put(t.key(), t.value()));
        Set<String> groups = new LinkedHashSet<>();
        i.securityGroups().forEach(g -> groups.add(g.groupId()));
        i.networkInterfaces().forEach(ni -> ni.groups().forEach(g -> groups.add(g.groupId())));
        List<String> volumes = i.blockDeviceMappings().stream()
                .filter(b -> b.ebs() != null && b.ebs().volumeId() != null)
                .map(b -> b.ebs().volumeId())
                .toList();
        String profileArn =
                i.iamInstanceProfile() == null ? null : i.iamInstanceProfile().arn();

        boolean complete = true;
        List<String> open = List.of();
        if (!groups.isEmpty()) {
            try {
                open = openIngress(
                        ec2.describeSecurityGroups(r -> r.groupIds(groups)).securityGroups());
            } catch (AwsServiceException e) {
                complete = false;
                problems.accept("DescribeSecurityGroups: " + e.awsErrorDetails().errorCode() + ": "
                        + e.awsErrorDetails().errorMessage());
            }
        }
        String role = null;
        if (profileArn != null) {
            try {
                String profileName = profileArn.substring(profileArn.lastIndexOf('/') + 1);
                InstanceProfile p = clients.iam(ctx)
                        .getInstanceProfile(r -> r.instanceProfileName(profileName))
                        .instanceProfile();
                role = p.roles().isEmpty() ? null : p.roles().get(0).roleName();
            } catch (AwsServiceException e) {
                complete = false;
                problems.accept("GetInstanceProfile: " + e.awsErrorDetails().errorCode() + ": "
                        + e.awsErrorDetails().errorMessage());
            }
        }
        return new InstanceContext(
                ctx.event().id(),
                instanceId,
                i.state() == null ? null : i.state().nameAsString(),
                tags,
                i.publicIpAddress(),
                i.vpcId(),
                i.subnetId(),
                List.copyOf(groups),
                open,
                profileArn,
                role,
                tags.get(ASG_TAG),
                volumes,
                complete);
    }

    /** Each ingress rule open to the internet as {@code "sg-1 tcp 22-22 0.0.0.0/0"} ({@code all} for protocol -1). */
    static List<String> openIngress(List<SecurityGroup> groups) {
        List<String> out = new ArrayList<>();
        for (SecurityGroup g : groups) {
            for (IpPermission p : g.ipPermissions()) {
                String proto = "-1".equals(p.ipProtocol()) ? "all" : p.ipProtocol();
                String ports = p.fromPort() == null ? "" : " " + p.fromPort() + "-" + p.toPort();
                p.ipRanges().stream()
                        .map(r -> r.cidrIp())
                        .filter(OPEN::contains)
                        .forEach(c -> out.add(g.groupId() + " " + proto + ports + " " + c));
                p.ipv6Ranges().stream()
                        .map(r -> r.cidrIpv6())
                        .filter(OPEN::contains)
                        .forEach(c -> out.add(g.groupId() + " " + proto + ports + " " + c));
            }
        }
        return out;
    }

    @Override
    public Object forEvent(Object context, String eventId) {
        return ((InstanceContext) context).withEventId(eventId);
    }
}
