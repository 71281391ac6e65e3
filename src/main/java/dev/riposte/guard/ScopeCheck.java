package dev.riposte.guard;

import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchCheck;
import java.util.Optional;
import java.util.Set;

/**
 * Protected accounts, allowed accounts and allowed regions. Mutating actions only: a notification about a
 * protected account is still wanted. An unknown account or region fails closed when an allow-list is set.
 */
final class ScopeCheck implements DispatchCheck {
    private final Set<String> protectedAccounts;
    private final Set<String> allowedAccounts;
    private final Set<String> allowedRegions;

    ScopeCheck(GuardSettings s) {
        this.protectedAccounts = s.protectedAccounts();
        this.allowedAccounts = s.allowedAccounts();
        this.allowedRegions = s.allowedRegions();
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        if (!attempt.spec().mutating()) {
            return Optional.empty();
        }
        String account = attempt.context().account();
        String region = attempt.context().region();
        if (account != null && protectedAccounts.contains(account)) {
            return stop("account " + account + " is protected (riposte.guard.protected-accounts)");
        }
        if (!allowedAccounts.isEmpty() && (account == null || !allowedAccounts.contains(account))) {
            return stop("account " + account + " is not in riposte.guard.allowed-accounts");
        }
        // global services (IAM) have no region: only regional actions are held to the region list
        if (!allowedRegions.isEmpty() && region != null && !allowedRegions.contains(region)) {
            return stop("region " + region + " is not in riposte.guard.allowed-regions");
        }
        return Optional.empty();
    }

    private static Optional<Stop> stop(String reason) {
        return Optional.of(new Stop(Outcome.EXEMPT, reason));
    }
}
