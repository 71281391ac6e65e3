package dev.riposte.fact;

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
public record ConfigCompliance(String eventId, String ruleName, String resourceType, String resourceId,
                               String complianceType, String oldComplianceType, String annotation) {

    public boolean nonCompliant() {
        return "NON_COMPLIANT".equals(complianceType);
    }

    /** True when the resource just became non-compliant (it was not before). */
    public boolean becameNonCompliant() {
        return nonCompliant() && !"NON_COMPLIANT".equals(oldComplianceType);
    }
}
