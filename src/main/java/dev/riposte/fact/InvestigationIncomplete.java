package dev.riposte.fact;

import java.util.Objects;

/**
 * One investigation step that did not finish for the event {@code eventId} (AWS error, time-out, missing
 * permission). Inserted beside the event so rules can be careful when context is missing; the report lists it.
 *
 * @param eventId the SecurityEvent id
 * @param step    which step, e.g. {@code ec2:instance-context}, {@code iam:principal-context}
 * @param reason  what went wrong, for a human
 */
public record InvestigationIncomplete(String eventId, String step, String reason) implements EventContext {
    public InvestigationIncomplete {
        Objects.requireNonNull(step, "step");
    }
}
