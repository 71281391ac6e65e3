package dev.riposte.aws.ec2;

import java.util.regex.Pattern;

/** EC2 resource ids from a command target: the bare id or its ARN. */
final class Ec2Ids {
    private static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");

    private Ec2Ids() {
    }

    /** {@code i-...} from {@code i-...} or {@code arn:aws:ec2:region:account:instance/i-...}; null when neither. */
    static String instanceId(String target) {
        if (target == null) {
            return null;
        }
        String id = target.startsWith("arn:") && target.contains(":instance/")
                ? target.substring(target.lastIndexOf('/') + 1) : target;
        return INSTANCE.matcher(id).matches() ? id : null;
    }

    static String requireInstanceId(String target) {
        String id = instanceId(target);
        if (id == null) {
            throw new IllegalArgumentException("target '" + target + "' is not an EC2 instance id (i-...) or instance ARN");
        }
        return id;
    }
}
