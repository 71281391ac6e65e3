package dev.riposte.ratelimit;

import dev.riposte.dispatch.AwsRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code riposte.rate-limit.*}: whether limits apply, how long a command may wait for tokens, and the bucket settings
 * per action and per AWS operation. Operation limits resolve as: {@code service:Operation} override, then
 * {@code service:*} override, then the built-in defaults of {@link #builtIn}.
 *
 * @param actions    per action id overrides of {@code actionDefault}
 * @param operations keys {@code service:Operation} or {@code service:*}
 */
record RateLimitSettings(
        boolean enabled,
        Duration maxWait,
        Limit actionDefault,
        Map<String, Limit> actions,
        Map<String, Limit> operations) {
    static final String ENABLED = "riposte.rate-limit.enabled";
    static final String MAX_WAIT = "riposte.rate-limit.max-wait";
    static final String ACTION_DEFAULT = "riposte.rate-limit.action.default";
    static final String ACTION_OVERRIDES = "riposte.rate-limit.action.overrides";
    static final String OPERATION_OVERRIDES = "riposte.rate-limit.operation.overrides";
    /** The service of Riposte's own notification's requests ({@code log:Write}): not AWS. */
    static final String RIPOSTE_ITSELF = "log";

    /**
     * Below AWS's documented EC2 request buckets (docs/dispatch.md cites them): the account's buckets are shared with
     * every other workload in it, so Riposte keeps to a fraction of each.
     */
    static final Limit EC2_NON_MUTATING =
            new Limit(25, 5); // AWS: 100 burst / 20 a second; unfiltered Describe* 50 / 10

    static final Limit EC2_MUTATING = new Limit(20, 2); // AWS: 50 / 5 (mutating and resource-intensive)
    static final Limit IAM = new Limit(5, 2); // IAM is global and publishes no per-operation numbers: stay low
    static final Limit OTHER = new Limit(10, 5);
    private static final Set<String> NON_MUTATING_PREFIXES = Set.of("Describe", "Get", "List", "Search");
    private static final Pattern ACTION_ID = Pattern.compile("[a-z0-9]+:[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern OPERATION = Pattern.compile("[a-z0-9-]+:(\\*|[A-Z][A-Za-z0-9]*)");

    RateLimitSettings {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException(MAX_WAIT + " must not be negative, got " + maxWait);
        }
        actions = Map.copyOf(actions);
        operations = Map.copyOf(operations);
    }

    /** From the configuration values; every problem names its key and the expected form. */
    static RateLimitSettings parse(
            boolean enabled, String maxWait, String actionDefault, String actionOverrides, String operationOverrides) {
        return new RateLimitSettings(
                enabled,
                keyed(MAX_WAIT, () -> Durations.parse(maxWait)),
                keyed(ACTION_DEFAULT, () -> Limit.parse(actionDefault)),
                overrides(ACTION_OVERRIDES, actionOverrides, ACTION_ID, "an action id such as ec2:isolate-instance"),
                overrides(
                        OPERATION_OVERRIDES,
                        operationOverrides,
                        OPERATION,
                        "service:Operation or service:*, such as ec2:CreateTags or iam:*"));
    }

    Limit forAction(String action) {
        return actions.getOrDefault(action, actionDefault);
    }

    /**
     * The bucket of {@code action} for a command whose plan is {@code calls}: one that calls only Riposte itself
     * ({@code notify:log}, service {@code log}) protects no AWS bucket and takes no token from the action default, so a
     * storm's notifications do not hold the event path up; a limit given to the action itself still applies.
     */
    Limit forAction(String action, List<AwsRequest> calls) {
        Limit own = actions.get(action);
        if (own != null) {
            return own;
        }
        boolean local = !calls.isEmpty() && calls.stream().allMatch(c -> RIPOSTE_ITSELF.equals(c.service()));
        return local ? Limit.OFF : actionDefault;
    }

    Limit forOperation(String service, String operation) {
        Limit l = operations.get(service + ":" + operation);
        if (l == null) {
            l = operations.get(service + ":*");
        }
        return l != null ? l : builtIn(service, operation);
    }

    /** The defaults per AWS service; {@code log} is Riposte's own notification, not an AWS call. */
    static Limit builtIn(String service, String operation) {
        return switch (service) {
            case "ec2" ->
                NON_MUTATING_PREFIXES.stream().anyMatch(operation::startsWith) ? EC2_NON_MUTATING : EC2_MUTATING;
            case "iam" -> IAM;
            case RIPOSTE_ITSELF -> Limit.OFF;
            default -> OTHER;
        };
    }

    private static Map<String, Limit> overrides(String key, String text, Pattern names, String what) {
        Map<String, Limit> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        key + ": '" + e + "' must be <name>=<limit>, e.g. ec2:CreateTags=2/1s burst=20");
            }
            String name = e.substring(0, eq).strip();
            if (!names.matcher(name).matches()) {
                throw new IllegalArgumentException(key + ": '" + name + "' is not " + what);
            }
            Limit limit = keyed(key + " (" + name + ")", () -> Limit.parse(e.substring(eq + 1)));
            if (out.put(name, limit) != null) {
                throw new IllegalArgumentException(key + ": " + name + " is given twice");
            }
        }
        return out;
    }

    private static <T> T keyed(String key, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
