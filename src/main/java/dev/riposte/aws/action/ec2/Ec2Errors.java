package dev.riposte.aws.action.ec2;

import dev.riposte.aws.action.Execution;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** EC2's ways of saying "that resource no longer exists", and reading one instance. */
final class Ec2Errors {
    static final Set<String> INSTANCE_GONE = Set.of("InvalidInstanceID.NotFound");
    static final Set<String> GROUP_GONE = Set.of("InvalidGroup.NotFound");
    static final Set<String> SNAPSHOT_GONE = Set.of("InvalidSnapshot.NotFound");
    /** For actions that take any EC2 resource. */
    static final Set<String> ANY_GONE = Set.of(
            "InvalidInstanceID.NotFound",
            "InvalidGroup.NotFound",
            "InvalidVolume.NotFound",
            "InvalidSnapshot.NotFound",
            "InvalidNetworkInterfaceID.NotFound",
            "InvalidSubnetID.NotFound",
            "InvalidVpcID.NotFound",
            "InvalidAMIID.NotFound",
            "InvalidNetworkAclID.NotFound");
    /** Revoking a rule that is not there: it is already gone, which is what was wanted. */
    static final Set<String> RULE_ALREADY_GONE = Set.of("InvalidPermission.NotFound");

    private Ec2Errors() {}

    /** The instance, or empty when DescribeInstances knows no such instance (it may answer empty instead of an error). */
    static Optional<Instance> describeInstance(Ec2Client ec2, Execution exec, String id) {
        return exec
                .read(IsolateInstance.describeInstances(id), () -> ec2.describeInstances(b -> b.instanceIds(id)))
                .reservations()
                .stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> id.equals(i.instanceId()))
                .findFirst();
    }

    /** Terminated instances stay visible for a while; there is nothing left to act on. */
    static boolean isGone(Instance i) {
        return i.state() != null
                && (i.state().name() == InstanceStateName.TERMINATED
                        || i.state().name() == InstanceStateName.SHUTTING_DOWN);
    }
}
