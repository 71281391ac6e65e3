package dev.riposte.playbook;

import dev.riposte.text.Strings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ${...}} may refer to, and how a reference is looked up in the facts of a run. The facts are
 * plain nested maps (built by the dispatcher from the triggering event), so this package needs no fact types.
 *
 * <ul>
 *   <li>{@code event.id|source|type|time|account|region|severity}</li>
 *   <li>{@code resource.id|type|arn|account|region}, {@code resource.tags.<key>}: the run's target resource</li>
 *   <li>{@code principal.arn|type|name|accessKeyId|sourceIp|account}</li>
 *   <li>{@code target}: the run's target as the rule gave it</li>
 *   <li>{@code params.<name>}: a parameter the playbook declares (the rule's value or the default)</li>
 *   <li>{@code detail.<path>}: any value of the raw source document</li>
 * </ul>
 */
final class References {
    static final Map<String, Set<String>> FIELDS = Map.of(
            "event", Set.of("id", "source", "type", "time", "account", "region", "severity"),
            "resource", Set.of("id", "type", "arn", "account", "region", "tags"),
            "principal", Set.of("arn", "type", "name", "accessKeyId", "sourceIp", "account"));
    private static final List<String> ROOTS = List.of("event", "resource", "principal", "target", "params", "detail");

    private References() {}

    /** Null when {@code ref} is valid for a playbook declaring {@code params}, else what is wrong (with a hint after " | "). */
    static String check(String ref, Set<String> params) {
        String[] parts = ref.split("\\.", 2);
        String root = parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        if (!ROOTS.contains(root)) {
            return "unknown reference '${" + ref + "}' | a reference starts with one of " + String.join(", ", ROOTS)
                    + nearest(root, ROOTS);
        }
        switch (root) {
            case "target" -> {
                return rest.isEmpty()
                        ? null
                        : "'${target}' has no fields | write ${target} or ${resource." + rest + "}";
            }
            case "params" -> {
                if (rest.isEmpty() || !params.contains(rest)) {
                    return "unknown parameter reference '${" + ref + "}' | declare it under parameters: (declared: "
                            + (params.isEmpty()
                                    ? "none"
                                    : String.join(", ", params.stream().sorted().toList())) + ")";
                }
                return null;
            }
            case "detail" -> {
                return rest.isEmpty() ? "'${detail}' needs a path | e.g. ${detail.service.action.actionType}" : null;
            }
            default -> {
                String field = rest.split("\\.", 2)[0];
                Set<String> fields = FIELDS.get(root);
                if (field.isEmpty() || !fields.contains(field)) {
                    return "unknown field '" + field + "' in '${" + ref + "}' | " + root + " has "
                            + String.join(", ", fields.stream().sorted().toList())
                            + nearest(field, List.copyOf(fields));
                }
                if ("tags".equals(field) != rest.startsWith("tags.") || "tags.".equals(rest)) {
                    return "'${" + ref + "}': write resource.tags.<key> for a tag | e.g. ${resource.tags.Name}";
                }
                if (!"tags".equals(field) && rest.contains(".")) {
                    return "'${" + ref + "}': " + root + "." + field + " is a plain value | drop what follows " + root
                            + "." + field;
                }
                return null;
            }
        }
    }

    /** The value of {@code ref} in {@code facts}, or null when the event has none. */
    static Object lookup(Map<String, Object> facts, String ref) {
        String[] parts = ref.split("\\.", 2);
        Object root = facts.get(parts[0]);
        if (parts.length == 1) {
            return root;
        }
        if (!(root instanceof Map<?, ?> m)) {
            return null;
        }
        String rest = parts[1];
        switch (parts[0]) {
            case "params" -> {
                return m.get(rest);
            }
            case "detail" -> {
                return path(m, rest);
            }
            default -> {
                if (rest.startsWith("tags.")) {
                    return m.get("tags") instanceof Map<?, ?> tags ? tags.get(rest.substring(5)) : null;
                }
                return m.get(rest);
            }
        }
    }

    private static Object path(Object cur, String path) {
        for (String p : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(p);
            } else if (cur instanceof List<?> l && p.matches("\\d{1,6}")) {
                int i = Integer.parseInt(p);
                cur = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return cur;
    }

    private static String nearest(String given, List<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = Strings.distance(given.toLowerCase(), k.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, given.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }
}
