package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import java.util.List;

/**
 * The answer to an operator's decision on a waiting step.
 *
 * @param refused    null when the decision was recorded; else why it does not count (decided before, expired, unknown)
 * @param known      false when no step waits with that id
 * @param carriedOut true when this replica carried the step out at once ({@code records}: its run going on); false on
 *                   a replica that does not own the rules: the owner carries it out on its next timer tick
 */
public record StepDecision(String refused, boolean known, boolean carriedOut, List<AuditRecord> records) {
    public StepDecision {
        records = List.copyOf(records);
    }
}
