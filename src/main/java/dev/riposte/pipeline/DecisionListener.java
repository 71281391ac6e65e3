package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.fact.SecurityEvent;
import java.util.List;

/**
 * Observes what the pipeline decides, for metrics. Public: {@code dev.riposte.metrics} implements it and
 * {@link LiveService} attaches every such bean to the serving pipeline. Called on the processing thread,
 * so implementations must be cheap and must not throw.
 */
public interface DecisionListener {

    /** One fact went through the rules and dispatch: the rules that fired and how long it took, end to end. */
    void evaluated(SecurityEvent event, List<String> rulesFired, long nanos);

    /** One audit record was written (every decision, including {@code no-match} and {@code rejected}). */
    void decided(AuditRecord record);
}
