package dev.riposte.guard;

import dev.riposte.config.RiposteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
public record GuardSettings(
        String exemptTag,
        Set<String> protectedAccounts,
        Set<String> allowedAccounts,
        Set<String> allowedRegions,
        int breakerLimit,
        int perAccountLimit,
        Duration breakerWindow,
        Duration cooldown,
        List<String> selfRoleArns,
        String selfSessionPrefix,
        Path stateDir,
        Duration approvalExpiry) {

    public GuardSettings {
        Objects.requireNonNull(exemptTag, "exemptTag");
        protectedAccounts = Set.copyOf(protectedAccounts);
        allowedAccounts = Set.copyOf(allowedAccounts);
        allowedRegions = Set.copyOf(allowedRegions);
        selfRoleArns = List.copyOf(selfRoleArns);
        Objects.requireNonNull(stateDir, "stateDir");
        if (breakerLimit < 1 || perAccountLimit < 1) {
            throw new IllegalArgumentException(
                    "riposte.breaker.limit and riposte.breaker.per-account-limit must be >= 1, got " + breakerLimit
                            + " and " + perAccountLimit);
        }
        if (breakerWindow.isNegative() || breakerWindow.isZero()) {
            throw new IllegalArgumentException("riposte.breaker.window must be positive, got " + breakerWindow);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("riposte.guard.cooldown must not be negative, got " + cooldown);
        }
    }

    /** The guard rails as {@code config} sets them. */
    public static GuardSettings of(RiposteConfig config) {
        RiposteConfig.Guard guard = config.guard();
        RiposteConfig.Breaker breaker = config.breaker();
        return new GuardSettings(
                config.exemptTag(),
                set(guard.protectedAccounts()),
                set(guard.allowedAccounts()),
                set(guard.allowedRegions()),
                breaker.limit(),
                breaker.perAccountLimit().orElse(breaker.limit()),
                breaker.window(),
                guard.cooldown(),
                guard.selfRoleArn().orElse(List.of()),
                guard.selfSessionPrefix(),
                config.state().dir(),
                config.approvals().expiry());
    }

    /** The defaults ({@link RiposteConfig}: conservative breaker, 10 per 10 minutes, all accounts together; 15 minute cooldown). */
    public static GuardSettings defaults(Path stateDir) {
        return of(RiposteConfig.defaults()).copy(c -> c.stateDir = stateDir);
    }

    private static Set<String> set(Optional<List<String>> values) {
        return values.map(l -> Set.copyOf(
                        l.stream().map(String::strip).filter(s -> !s.isEmpty()).toList()))
                .orElse(Set.of());
    }

    public GuardSettings withBreaker(int limit, int perAccount, Duration window) {
        return copy(c -> {
            c.breakerLimit = limit;
            c.perAccountLimit = perAccount;
            c.breakerWindow = window;
        });
    }

    public GuardSettings withAccounts(Set<String> protectedOnes, Set<String> allowed, Set<String> regions) {
        return copy(c -> {
            c.protectedAccounts = protectedOnes;
            c.allowedAccounts = allowed;
            c.allowedRegions = regions;
        });
    }

    public GuardSettings withCooldown(Duration period) {
        return copy(c -> c.cooldown = period);
    }

    public GuardSettings withSelf(List<String> roleArns, String sessionPrefix) {
        return copy(c -> {
            c.selfRoleArns = roleArns;
            c.selfSessionPrefix = sessionPrefix;
        });
    }

    public GuardSettings withApprovalExpiry(Duration expiry) {
        return copy(c -> c.approvalExpiry = expiry);
    }

    /** These settings with {@code change} made to a copy of their fields (the constructor checks the result). */
    private GuardSettings copy(Consumer<Fields> change) {
        Fields c = new Fields();
        change.accept(c);
        return c.settings();
    }

    /** The record's fields, open to change: each with* method sets its own and keeps the rest. */
    private final class Fields {
        String exemptTag = exemptTag();
        Set<String> protectedAccounts = protectedAccounts();
        Set<String> allowedAccounts = allowedAccounts();
        Set<String> allowedRegions = allowedRegions();
        int breakerLimit = breakerLimit();
        int perAccountLimit = perAccountLimit();
        Duration breakerWindow = breakerWindow();
        Duration cooldown = cooldown();
        List<String> selfRoleArns = selfRoleArns();
        String selfSessionPrefix = selfSessionPrefix();
        Path stateDir = stateDir();
        Duration approvalExpiry = approvalExpiry();

        GuardSettings settings() {
            return new GuardSettings(
                    exemptTag,
                    protectedAccounts,
                    allowedAccounts,
                    allowedRegions,
                    breakerLimit,
                    perAccountLimit,
                    breakerWindow,
                    cooldown,
                    selfRoleArns,
                    selfSessionPrefix,
                    stateDir,
                    approvalExpiry);
        }
    }

    /** The keys {@link #with(Map)} accepts: the ones a rule test case may need to set. */
    public static final Set<String> CASE_KEYS = Set.of(
            "riposte.guard.cooldown",
            "riposte.breaker.limit",
            "riposte.breaker.per-account-limit",
            "riposte.breaker.window",
            "riposte.guard.allowed-accounts",
            "riposte.guard.allowed-regions",
            "riposte.guard.protected-accounts",
            "riposte.exempt-tag");

    /**
     * These settings with configuration overrides (values as in application.properties: durations {@code 0s}, {@code 15m},
     * {@code PT1H}; lists comma-separated).
     *
     * @throws IllegalArgumentException for a key not in {@link #CASE_KEYS} or a value that does not parse
     */
    public GuardSettings with(Map<String, String> overrides) {
        GuardSettings s = this;
        // sorted: riposte.breaker.limit before riposte.breaker.per-account-limit, which otherwise follows the limit
        for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
            String key = e.getKey();
            String v = e.getValue().strip();
            try {
                s = switch (key) {
                    case "riposte.guard.cooldown" -> s.withCooldown(duration(v));
                    case "riposte.breaker.limit" ->
                        s.withBreaker(
                                Integer.parseInt(v),
                                s.perAccountLimit == s.breakerLimit ? Integer.parseInt(v) : s.perAccountLimit,
                                s.breakerWindow);
                    case "riposte.breaker.per-account-limit" ->
                        s.withBreaker(s.breakerLimit, Integer.parseInt(v), s.breakerWindow);
                    case "riposte.breaker.window" -> s.withBreaker(s.breakerLimit, s.perAccountLimit, duration(v));
                    case "riposte.guard.allowed-accounts" ->
                        s.withAccounts(s.protectedAccounts, list(v), s.allowedRegions);
                    case "riposte.guard.allowed-regions" ->
                        s.withAccounts(s.protectedAccounts, s.allowedAccounts, list(v));
                    case "riposte.guard.protected-accounts" ->
                        s.withAccounts(list(v), s.allowedAccounts, s.allowedRegions);
                    case "riposte.exempt-tag" -> s.copy(c -> c.exemptTag = v);
                    default ->
                        throw new IllegalArgumentException("unknown key \"" + key + "\" (accepted: "
                                + String.join(", ", new TreeSet<>(CASE_KEYS)) + ")");
                };
            } catch (NumberFormatException | DateTimeParseException ex) {
                throw new IllegalArgumentException("\"" + key + "\": cannot read \"" + v + "\" ("
                        + (key.endsWith("limit")
                                ? "a whole number, e.g. 10"
                                : "a duration, e.g. 0s, 90s, 15m, 1h or PT15M")
                        + ")");
            }
        }
        return s;
    }

    /** A duration as Quarkus reads it: ISO-8601 ({@code PT15M}), a number and unit ({@code 15m}), or plain seconds. */
    private static Duration duration(String v) {
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v);
        }
        var m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(v);
        if (!m.matches()) {
            throw new DateTimeParseException("not a duration", v, 0);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static Set<String> list(String v) {
        return Arrays.stream(v.split(","))
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .collect(Collectors.toSet());
    }
}
