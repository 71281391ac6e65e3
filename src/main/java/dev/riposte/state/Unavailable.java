package dev.riposte.state;

import dev.riposte.decision.Outcome;

/**
 * What a check says when its shared state cannot be read or written (DynamoDB throttled past the SDK's retries,
 * unreachable, a CAS that never settles): it decides nothing and defers the command (outcome {@code rate-limited}), so
 * its source keeps it (the SQS message stays on the queue, HTTP answers 429) and it is decided once the state is back.
 * No AWS mutation is made without its state recorded.
 */
public final class Unavailable {
    public static final Outcome OUTCOME = Outcome.RATE_LIMITED;

    private Unavailable() {}

    /** The reason of the deferral: {@code what} could not be decided, and why. */
    public static String reason(String what, RuntimeException e) {
        String m = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage().strip().lines().findFirst().orElse("");
        if (m.length() > 300) {
            m = m.substring(0, 300) + "...";
        }
        return "deferred: cannot reach the shared state to decide " + what + " (" + m + "); not deciding without it, "
                + "it is decided when it comes back";
    }
}
