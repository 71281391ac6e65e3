package dev.riposte.fact;

import java.util.List;
import java.util.Locale;

/**
 * AWS Config rule evaluation change behind the {@link SecurityEvent} {@code eventId}.
 *
 * @param eventId           the SecurityEvent id
 * @param ruleName          Config rule name
 * @param resourceType      CloudFormation type of the evaluated resource
 * @param resourceId        id of the evaluated resource
 * @param complianceType    new result: {@code COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE|INSUFFICIENT_DATA}
 * @param oldComplianceType previous result, null for a first evaluation
 * @param annotation        the rule's explanation, may be null
 */
public record ConfigCompliance(
        String eventId,
        String ruleName,
        String resourceType,
        String resourceId,
        String complianceType,
        String oldComplianceType,
        String annotation) {

    public boolean nonCompliant() {
        return "NON_COMPLIANT".equals(complianceType);
    }

    /**
     * True when this evaluation comes from the AWS Config managed rule {@code name} (its default rule name, e.g.
     * {@code restricted-ssh}) under any name AWS deploys it with: as is, by Security Hub
     * ({@code securityhub-restricted-ssh-1a2b3c4d}), by an organization rule
     * ({@code OrgConfigRule-restricted-ssh-dbgzf8ba}) or in a conformance pack
     * ({@code restricted-ssh-conformance-pack-x1y2z3}); case-insensitive. The name must follow the prefix whole,
     * so {@code cloudtrail-enabled} is not {@code multi-region-cloudtrail-enabled}.
     */
    public boolean managedRule(String name) {
        if (ruleName == null || name == null) {
            return false;
        }
        String r = ruleName.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        for (String prefix : MANAGED_PREFIXES) {
            if (r.startsWith(prefix)) {
                r = r.substring(prefix.length());
                break;
            }
        }
        return r.equals(n) || r.startsWith(n + "-") && r.length() > n.length() + 1;
    }

    /** The prefixes Security Hub and AWS Organizations put before the managed rule's name. */
    private static final List<String> MANAGED_PREFIXES = List.of("securityhub-", "orgconfigrule-");

    /** True when the resource just became non-compliant (it was not before). */
    public boolean becameNonCompliant() {
        return nonCompliant() && !"NON_COMPLIANT".equals(oldComplianceType);
    }
}
