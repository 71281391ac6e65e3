package dev.riposte.fact;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the investigation found about the EC2 instance an event is about, inserted beside the
 * {@link SecurityEvent} {@code eventId} for the same evaluation (so decision rules see it).
 *
 * @param eventId            the SecurityEvent id this context was gathered for
 * @param instanceId         {@code i-...}
 * @param state              {@code pending|running|stopping|stopped|shutting-down|terminated}, null when unknown
 * @param tags               the instance's tags now (not as the event reported them)
 * @param publicIp           public IPv4 address, null when none
 * @param vpcId              VPC, null for EC2-Classic or unknown
 * @param subnetId           subnet, null when unknown
 * @param securityGroups     ids of the groups attached to any of its interfaces
 * @param openIngress        ingress rules of those groups open to the internet (0.0.0.0/0 or ::/0), as
 *                           {@code "sg-1 tcp 22-22 0.0.0.0/0"}
 * @param instanceProfileArn IAM instance profile, null when none
 * @param roleName           the role of that profile, null when none or unknown
 * @param autoScalingGroup   the {@code aws:autoscaling:groupName} tag, null when not in a group
 * @param volumeIds          attached EBS volumes
 * @param complete           false when a part could not be read (an {@link InvestigationIncomplete} says which)
 */
public record InstanceContext(
        String eventId,
        String instanceId,
        String state,
        Map<String, String> tags,
        String publicIp,
        String vpcId,
        String subnetId,
        List<String> securityGroups,
        List<String> openIngress,
        String instanceProfileArn,
        String roleName,
        String autoScalingGroup,
        List<String> volumeIds,
        boolean complete)
        implements EventContext {

    /** Tag keys whose value says which environment a resource belongs to (case-insensitive keys). */
    static final Set<String> ENVIRONMENT_KEYS = Set.of("env", "environment", "stage");

    static final Set<String> PRODUCTION_VALUES = Set.of("prod", "production", "prd");

    public InstanceContext {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        openIngress = openIngress == null ? List.of() : List.copyOf(openIngress);
        volumeIds = volumeIds == null ? List.of() : List.copyOf(volumeIds);
    }

    /** The same context for another event (a cached investigation). */
    public InstanceContext withEventId(String id) {
        return new InstanceContext(
                id,
                instanceId,
                state,
                tags,
                publicIp,
                vpcId,
                subnetId,
                securityGroups,
                openIngress,
                instanceProfileArn,
                roleName,
                autoScalingGroup,
                volumeIds,
                complete);
    }

    public String tag(String key) {
        return tags.get(key);
    }

    /** Tagged {@code env|environment|stage} = {@code prod|production|prd} (keys and values case-insensitive). */
    public boolean isProduction() {
        return Tags.anyValue(tags, ENVIRONMENT_KEYS, PRODUCTION_VALUES);
    }

    /** Some attached group lets the internet in. */
    public boolean isExposed() {
        return !openIngress.isEmpty();
    }
}
