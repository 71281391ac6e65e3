package dev.riposte.fact;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the investigation found about the IAM user or role behind an event (for an assumed-role session: its role),
 * inserted beside the {@link SecurityEvent} {@code eventId} for the same evaluation.
 *
 * @param eventId       the SecurityEvent id this context was gathered for
 * @param arn           the user's or role's ARN
 * @param type          {@code IAMUser|IAMRole}
 * @param name          user or role name
 * @param tags          its tags now
 * @param admin         admin-equivalent: the AWS managed {@code AdministratorAccess} policy is attached to it
 *                      (or, for a user, to one of its groups), or one of their inline policies allows action
 *                      {@code *} (or {@code *:*}) on resource {@code *}
 * @param policies      names of attached managed policies, then inline policies (as {@code inline:NAME})
 * @param mfaEnabled    a user with at least one MFA device (always false for roles)
 * @param consoleAccess a user with a console password (login profile)
 * @param accessKeys    a user's access keys with their last use
 * @param groups        a user's groups
 * @param complete      false when a part could not be read (an {@link InvestigationIncomplete} says which)
 */
public record PrincipalContext(
        String eventId,
        String arn,
        String type,
        String name,
        Map<String, String> tags,
        boolean admin,
        List<String> policies,
        boolean mfaEnabled,
        boolean consoleAccess,
        List<AccessKey> accessKeys,
        List<String> groups,
        boolean complete)
        implements EventContext {

    /** Tag key that marks an emergency (break-glass) identity; any value counts. */
    public static final String BREAK_GLASS_TAG = "riposte:break-glass";

    /**
     * One access key of a user.
     *
     * @param id          {@code AKIA...}
     * @param status      {@code Active|Inactive}
     * @param created     when it was created
     * @param lastUsed    last use, null when never used
     * @param lastService service of the last use, null when never used
     * @param lastRegion  region of the last use, null when never used
     */
    public record AccessKey(
            String id, String status, Instant created, Instant lastUsed, String lastService, String lastRegion) {
        public boolean isActive() {
            return "Active".equals(status);
        }
    }

    public PrincipalContext {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        policies = policies == null ? List.of() : List.copyOf(policies);
        accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** The same context for another event (a cached investigation). */
    public PrincipalContext withEventId(String id) {
        return new PrincipalContext(
                id, arn, type, name, tags, admin, policies, mfaEnabled, consoleAccess, accessKeys, groups, complete);
    }

    public String tag(String key) {
        return tags.get(key);
    }

    public boolean isRole() {
        return "IAMRole".equals(type);
    }

    /** Tagged {@value #BREAK_GLASS_TAG}, or named like one ({@code break-glass}, {@code breakglass}, {@code break_glass}). */
    public boolean isBreakGlass() {
        if (Tags.hasKey(tags, BREAK_GLASS_TAG)) {
            return true;
        }
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("_", "-");
        return n.contains("break-glass") || n.contains("breakglass");
    }

    /** One of its keys, or null. */
    public AccessKey accessKey(String id) {
        return accessKeys.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
    }
}
