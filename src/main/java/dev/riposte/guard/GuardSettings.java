package dev.riposte.guard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The guard-rail settings ({@code riposte.guard.*}, {@code riposte.breaker.*}, {@code riposte.exempt-tag},
 * {@code riposte.state.dir}). Public: the CLI and tests build them without CDI.
 *
 * @param exemptTag          resources carrying this tag key are never touched (value {@code false} disables it)
 * @param protectedAccounts  accounts where nothing mutating ever runs
 * @param allowedAccounts    when not empty, the only accounts where mutating actions run
 * @param allowedRegions     when not empty, the only regions where mutating actions run
 * @param breakerLimit       live mutating actions allowed per window, all accounts together
 * @param perAccountLimit    live mutating actions allowed per window in one account
 * @param breakerWindow      the sliding window of the breaker
 * @param cooldown           the same command (action, target, parameters) for the same cause is not repeated within this period
 * @param selfRoleArns       ARN prefixes of Riposte's own role (IAM role or STS assumed-role form; {@code {account}} matches any account)
 * @param selfSessionPrefix  role session names Riposte uses start with this
 * @param stateDir           where breaker state and parked commands are kept across restarts
 * @param approvalExpiry     how long a step waits for approval before it is skipped
 */
public record GuardSettings(String exemptTag, Set<String> protectedAccounts, Set<String> allowedAccounts,
                            Set<String> allowedRegions, int breakerLimit, int perAccountLimit, Duration breakerWindow,
                            Duration cooldown, List<String> selfRoleArns, String selfSessionPrefix, Path stateDir,
                            Duration approvalExpiry) {

    public GuardSettings {
        Objects.requireNonNull(exemptTag, "exemptTag");
        protectedAccounts = Set.copyOf(protectedAccounts);
        allowedAccounts = Set.copyOf(allowedAccounts);
        allowedRegions = Set.copyOf(allowedRegions);
        selfRoleArns = List.copyOf(selfRoleArns);
        Objects.requireNonNull(stateDir, "stateDir");
        if (breakerLimit < 1 || perAccountLimit < 1) {
            throw new IllegalArgumentException("riposte.breaker.limit and riposte.breaker.per-account-limit must be >= 1, got "
                    + breakerLimit + " and " + perAccountLimit);
        }
        if (breakerWindow.isNegative() || breakerWindow.isZero()) {
            throw new IllegalArgumentException("riposte.breaker.window must be positive, got " + breakerWindow);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("riposte.guard.cooldown must not be negative, got " + cooldown);
        }
    }

    /** The defaults: conservative breaker (10 per 10 minutes, all accounts together), 15 minute cooldown. */
    public static GuardSettings defaults(Path stateDir) {
        return new GuardSettings("riposte:exempt", Set.of(), Set.of(), Set.of(), 10, 10, Duration.ofMinutes(10),
                Duration.ofMinutes(15), List.of(), "riposte-", stateDir, Duration.ofHours(24));
    }

    public GuardSettings withBreaker(int limit, int perAccount, Duration window) {
        return new GuardSettings(exemptTag, protectedAccounts, allowedAccounts, allowedRegions, limit, perAccount, window,
                cooldown, selfRoleArns, selfSessionPrefix, stateDir, approvalExpiry);
    }

    public GuardSettings withAccounts(Set<String> protectedOnes, Set<String> allowed, Set<String> regions) {
        return new GuardSettings(exemptTag, protectedOnes, allowed, regions, breakerLimit, perAccountLimit, breakerWindow,
                cooldown, selfRoleArns, selfSessionPrefix, stateDir, approvalExpiry);
    }

    public GuardSettings withCooldown(Duration period) {
        return new GuardSettings(exemptTag, protectedAccounts, allowedAccounts, allowedRegions, breakerLimit, perAccountLimit,
                breakerWindow, period, selfRoleArns, selfSessionPrefix, stateDir, approvalExpiry);
    }

    public GuardSettings withSelf(List<String> roleArns, String sessionPrefix) {
        return new GuardSettings(exemptTag, protectedAccounts, allowedAccounts, allowedRegions, breakerLimit, perAccountLimit,
                breakerWindow, cooldown, roleArns, sessionPrefix, stateDir, approvalExpiry);
    }

    public GuardSettings withApprovalExpiry(Duration expiry) {
        return new GuardSettings(exemptTag, protectedAccounts, allowedAccounts, allowedRegions, breakerLimit, perAccountLimit,
                breakerWindow, cooldown, selfRoleArns, selfSessionPrefix, stateDir, expiry);
    }
}
