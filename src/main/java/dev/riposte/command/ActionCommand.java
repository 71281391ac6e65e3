package dev.riposte.command;

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
 */
public record ActionCommand(String action, String target, Map<String, Object> params) {

    public ActionCommand {
        Objects.requireNonNull(action, "action");
        params = params == null ? Map.of() : Map.copyOf(params);
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
        return new ActionCommand(action, target, p);
    }
}
