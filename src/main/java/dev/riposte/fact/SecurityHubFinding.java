package dev.riposte.fact;

import java.util.List;

/**
 * Security Hub (ASFF) facts about the finding behind the {@link SecurityEvent} {@code eventId}.
 *
 * @param eventId          the SecurityEvent id (the finding Id)
 * @param productName      e.g. {@code Security Hub}, {@code GuardDuty}, {@code Inspector}, {@code Macie}
 * @param companyName      e.g. {@code AWS}
 * @param generatorId      the rule or check that produced the finding
 * @param controlId        Security Hub control id (e.g. {@code S3.2}), else null
 * @param types            ASFF finding types ({@code namespace/category/classifier})
 * @param title            finding title
 * @param severityLabel    {@code INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL}
 * @param complianceStatus {@code PASSED|WARNING|FAILED|NOT_AVAILABLE}, else null
 * @param workflowStatus   {@code NEW|NOTIFIED|RESOLVED|SUPPRESSED}
 * @param recordState      {@code ACTIVE|ARCHIVED}
 */
public record SecurityHubFinding(
        String eventId,
        String productName,
        String companyName,
        String generatorId,
        String controlId,
        List<String> types,
        String title,
        String severityLabel,
        String complianceStatus,
        String workflowStatus,
        String recordState) {

    public SecurityHubFinding {
        types = types == null ? List.of() : List.copyOf(types);
    }

    public boolean failed() {
        return "FAILED".equals(complianceStatus);
    }

    public boolean active() {
        return !"ARCHIVED".equals(recordState);
    }
}
