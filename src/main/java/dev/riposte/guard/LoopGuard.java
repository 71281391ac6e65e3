package dev.riposte.guard;

import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchCheck;
import java.util.Optional;

/** Loop prevention: nothing runs for an event Riposte caused itself, not even a notification. */
final class LoopGuard implements DispatchCheck {
    private final SelfEvents self;

    LoopGuard(SelfEvents self) {
        this.self = self;
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        String why = self.why(attempt.context().event());
        return why == null
                ? Optional.empty()
                : Optional.of(
                        new Stop(Outcome.SKIPPED, "loop prevention: event caused by Riposte itself (" + why + ")"));
    }
}
