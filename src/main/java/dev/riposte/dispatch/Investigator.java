package dev.riposte.dispatch;

import dev.riposte.fact.SecurityEvent;
import java.util.List;

/**
 * Gathers context about an event before the rules decide on it: read-only AWS calls whose results come back
 * as facts ({@code InstanceContext}, {@code PrincipalContext}, {@code InvestigationIncomplete} in
 * {@code dev.riposte.fact}). Public SPI: the pipeline calls it and {@code aws.investigate} implements it.
 */
public interface Investigator {

    /** Investigates nothing: replay without recorded context, or {@code riposte.investigate.enabled=false}. */
    Investigator NONE = event -> List.of();

    /**
     * The context facts for {@code event}, each naming the event's id. Must not throw and must return within its
     * own time box: a step that fails is reported as an {@code InvestigationIncomplete} fact, never as an exception,
     * so that investigation never blocks remediation.
     */
    List<Object> investigate(SecurityEvent event);
}
