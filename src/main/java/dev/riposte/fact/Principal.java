package dev.riposte.fact;

import java.util.Set;

/**
 * Who acted.
 *
 * @param arn         IAM ARN (user, assumed-role session, root), null when unknown
 * @param type        {@code IAMUser|AssumedRole|Root|FederatedUser|AWSService|IdentityCenterUser|AWSAccount|Unknown}
 * @param name        user name, role name or service name
 * @param accessKeyId access key used, when known
 * @param sourceIp    source IP of the call or remote IP of the actor
 * @param account     account id of the principal
 */
public record Principal(String arn, String type, String name, String accessKeyId, String sourceIp, String account) {
    private static final Set<String> AWS_CALLERS =
            Set.of("IAMUser", "AssumedRole", "Root", "FederatedUser", "AWSService", "IdentityCenterUser", "AWSAccount");

    /**
     * True when this principal called AWS's API (an IAM identity, root, a service); false for the actors GuardDuty
     * names that are not AWS callers (Kubernetes and database users) and for {@code Unknown}.
     */
    public boolean isAwsCaller() {
        return type != null && AWS_CALLERS.contains(type);
    }

    public boolean isRoot() {
        return "Root".equals(type);
    }
}
