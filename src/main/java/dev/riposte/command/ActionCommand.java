package dev.riposte.command;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule asks for: run one action on one target. Rules {@code insert(...)} it;
 * the engine records which rule did, and the dispatcher carries it out.
 *
 * <pre>insert(ActionCommand.of("ec2:isolate-instance", $i.id()).with("reason", "tor"));</pre>
 *
 * @param action action id {@code service:verb-noun}
 * @param target resource id or ARN the action works on (null for notifications)
 * @param params action parameters, validated against the action's declared parameters
 * @param once   act at most once per key and period ({@link #onceWithin}), null: every firing acts
 */
public record ActionCommand(String action, String target, Map<String, Object> params, Once once) {

    public ActionCommand {
        Objects.requireNonNull(action, "action");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public ActionCommand(String action, String target, Map<String, Object> params) {
        this(action, target, params, null);
    }

    public static ActionCommand of(String action, String target) {
        return new ActionCommand(action, target, Map.of());
    }

    /** A copy with one more parameter (null values are left out). */
    public ActionCommand with(String key, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(key, value);
        return new ActionCommand(action, target, p, once);
    }

    /**
     * A copy that acts once per {@code key} within {@code period}: a firing of the same rule with the same key whose
     * event is less than {@code period} after the event of the firing that acted is audited {@code skipped} instead.
     * Time is the events' own, so a replay decides as the service did. E.g. one notification per account per burst:
     * {@code .onceWithin("root-failures:" + $e.account(), Duration.ofMinutes(10))}.
     */
    public ActionCommand onceWithin(String key, Duration period) {
        return new ActionCommand(action, target, params, new Once(key, period));
    }

    /** Act once per key within period (see {@link #onceWithin}). */
    public record Once(String key, Duration period) {
        public Once {
            Objects.requireNonNull(key, "onceWithin key");
            Objects.requireNonNull(period, "onceWithin period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("onceWithin period must be positive, was " + period);
            }
        }
    }
}
