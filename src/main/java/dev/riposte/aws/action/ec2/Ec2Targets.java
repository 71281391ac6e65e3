package dev.riposte.aws.action.ec2;

import dev.riposte.aws.action.Target;
import java.util.Set;

/** The EC2 resources the ec2 actions act on, each named by its id or its ARN. */
final class Ec2Targets {
    static final Target INSTANCE = new Target("i-0123456789abcdef0", Ec2Ids::checkInstanceId, Ec2Errors.INSTANCE_GONE);
    static final Target SNAPSHOT =
            byId("snap-0a1b2c3d4e5f60001", "snap", "a snapshot id (snap-...) or snapshot ARN", Ec2Errors.SNAPSHOT_GONE);
    static final Target SECURITY_GROUP =
            byId("sg-0a1b2c3d4e5f60001", "sg", "a security group id (sg-...) or its ARN", Ec2Errors.GROUP_GONE);
    static final Target SUBNET = byId(
            "subnet-0a1b2c3d4e5f60001",
            "subnet",
            "a subnet id (subnet-...) or subnet ARN",
            Set.of("InvalidSubnetID.NotFound"));
    static final Target ANY = byId("i-0123456789abcdef0", null, "an EC2 resource id or ARN", Ec2Errors.ANY_GONE);

    private Ec2Targets() {}

    /** An id with {@code prefix} (any EC2 id when null) or its ARN: see {@link Ec2Ids#checkId}. */
    private static Target byId(String example, String prefix, String what, Set<String> goneCodes) {
        return new Target(example, (action, target) -> Ec2Ids.checkId(action, target, prefix, what), goneCodes);
    }
}
