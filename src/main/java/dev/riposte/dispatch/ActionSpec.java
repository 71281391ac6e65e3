package dev.riposte.dispatch;

import dev.riposte.text.Strings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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

    /** Problems with {@code given} parameters: unknown keys (with the nearest known one), missing required ones, wrong types. */
    public List<String> validate(Map<String, ?> given) {
        return validate(given, k -> true);
    }

    /**
     * Like {@link #validate(Map)}, checking the type of the keys {@code typeKnown} accepts only: a value computed
     * when the rule fires, or a playbook's {@code ${...}} reference, is only known at dispatch.
     */
    public List<String> validate(Map<String, ?> given, Predicate<String> typeKnown) {
        Set<String> known = params.stream().map(ParamSpec::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<String> problems = new java.util.ArrayList<>();
        for (String k : given.keySet()) {
            if (!known.contains(k)) {
                problems.add("unknown parameter '" + k + "' for " + id + nearest(k, known)
                        + " (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        for (ParamSpec p : params) {
            Object v = given.get(p.name());
            if (v == null) {
                if (p.required() && !given.containsKey(p.name())) {
                    problems.add("missing required parameter '" + p.name() + "' for " + id);
                } else if (p.required()) {
                    problems.add("required parameter '" + p.name() + "' of " + id + " is null");
                }
            } else if (typeKnown.test(p.name()) && !p.accepts(v)) {
                problems.add("parameter '" + p.name() + "' of " + id + " must be " + p.type() + ", got "
                        + v.getClass().getSimpleName() + " " + (v instanceof CharSequence ? "\"" + v + "\"" : String.valueOf(v)));
            }
        }
        return problems;
    }

    /** ": did you mean 'x'?" when a known name is close to {@code key}, else "". */
    private static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = Strings.distance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }
}
