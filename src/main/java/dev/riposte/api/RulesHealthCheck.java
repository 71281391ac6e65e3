package dev.riposte.api;

import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.RulesOwnership;
import dev.riposte.rules.Problem;
import dev.riposte.rules.RuleSetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a rule set is active. A failed reload keeps the service ready (the last good rule set
 * runs on) but shows the problems, with file:line, so an operator sees why an edit did not apply.
 */
@Readiness
@ApplicationScoped
class RulesHealthCheck implements HealthCheck {

    @Inject
    LiveService service;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("rules");
        if (!service.started()) {
            return b.down().withData("reason", "not serving").build();
        }
        RuleSetStatus s = service.rulesStatus();
        RulesOwnership o = service.ownership();
        b.withData("replica", o.replica())
                .withData("role", o.owner() ? "owner" : "standby")
                .withData("rulesOwner", o.currentOwner().orElse("none"));
        b.up().withData("version", s.version())
                .withData("rules", s.rules())
                .withData("lastReload", String.valueOf(s.lastReload()))
                .withData("reloadsOk", s.reloadsOk())
                .withData("reloadsFailed", s.reloadsFailed());
        if (!s.lastErrors().isEmpty()) {
            b.withData(
                    "lastError",
                    String.join(
                            "\n", s.lastErrors().stream().map(Problem::toString).toList()));
        }
        return b.build();
    }
}
