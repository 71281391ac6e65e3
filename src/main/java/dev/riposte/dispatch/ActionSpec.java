package dev.riposte.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an action is: its id, what it does, the parameters it takes, the IAM permissions it needs.
 *
 * @param mutating  false for read-only and notification actions (they do not count for the breaker)
 * @param awsDryRun true when the AWS API itself supports {@code DryRun=true} (EC2)
 */
public record ActionSpec(String id, String description, String targetType, List<ParamSpec> params,
                         List<String> permissions, boolean mutating, boolean awsDryRun) {

    public ActionSpec {
        params = List.copyOf(params);
        permissions = List.copyOf(permissions);
        if (!id.matches("[a-z0-9]+:[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("action id must be service:verb-noun, got " + id);
        }
    }

    /** Problems with {@code given} parameters: unknown keys, missing required ones, wrong types. */
    public List<String> validate(Map<String, Object> given) {
        Set<String> known = params.stream().map(ParamSpec::name).collect(Collectors.toSet());
        List<String> problems = new java.util.ArrayList<>();
        for (String k : given.keySet()) {
            if (!known.contains(k)) {
                problems.add("unknown parameter '" + k + "' for " + id + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        for (ParamSpec p : params) {
            Object v = given.get(p.name());
            if (v == null) {
                if (p.required()) {
                    problems.add("missing required parameter '" + p.name() + "' for " + id);
                }
            } else if (!p.accepts(v)) {
                problems.add("parameter '" + p.name() + "' of " + id + " must be " + p.type() + ", got " + v.getClass().getSimpleName());
            }
        }
        return problems;
    }
}
