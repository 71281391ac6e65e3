package dev.riposte.aws.action.ec2;

import java.util.List;
import java.util.regex.Pattern;

/** EC2 resource ids from a command target: the bare id or its ARN. */
final class Ec2Ids {
    private static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ANY = Pattern.compile("[a-z]+(-[a-z]+)*-[0-9a-f]{8}([0-9a-f]{9})?");

    private Ec2Ids() {}

    /** {@code i-...} from {@code i-...} or {@code arn:aws:ec2:region:account:instance/i-...}; null when neither. */
    static String instanceId(String target) {
        if (target == null) {
            return null;
        }
        String id = target.startsWith("arn:") && target.contains(":instance/")
                ? target.substring(target.lastIndexOf('/') + 1)
                : target;
        return INSTANCE.matcher(id).matches() ? id : null;
    }

    /**
     * An EC2 id with {@code prefix} ({@code "sg"}, {@code "snap"}, {@code "subnet"}...) from the id or its ARN
     * ({@code arn:aws:ec2:region:account:security-group/sg-...}); any EC2 id when {@code prefix} is null.
     */
    static String id(String target, String prefix) {
        if (target == null) {
            return null;
        }
        String id = target.startsWith("arn:") ? target.substring(target.lastIndexOf('/') + 1) : target;
        return ANY.matcher(id).matches() && (prefix == null || id.startsWith(prefix + "-")) ? id : null;
    }

    /** The id, or an exception naming what was expected. */
    static String requireId(String target, String prefix, String what) {
        String id = id(target, prefix);
        if (id == null) {
            throw new IllegalArgumentException("target '" + target + "' is not " + what);
        }
        return id;
    }

    /** A problem list for {@code ActionHandler.check}: empty when the target is a {@code prefix-...} id or its ARN. */
    static List<String> checkId(String action, String target, String prefix, String what) {
        return id(target, prefix) == null ? List.of(action + " target '" + target + "' is not " + what) : List.of();
    }

    /** {@link #checkId} for actions on one instance. */
    static List<String> checkInstanceId(String action, String target) {
        return checkId(action, target, "i", "an instance id (i-...) or instance ARN");
    }

    static String requireInstanceId(String target) {
        String id = instanceId(target);
        if (id == null) {
            throw new IllegalArgumentException(
                    "target '" + target + "' is not an EC2 instance id (i-...) or instance ARN");
        }
        return id;
    }
}
