package dev.riposte;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of CloudWatch Logs' JSON filter pattern syntax the alarm templates use, {@code { $.a = "x*" && $.b = "y" }}:
 * string equality on top-level fields, {@code *} matching any text, all conditions joined by {@code &&}. Enough to check
 * that a metric filter matches the log lines Riposte really writes (a pattern outside this syntax is an error, not a
 * silent mismatch).
 */
public record LogFilterPattern(List<Condition> conditions) {
    record Condition(String field, Pattern value) {}

    private static final Pattern CONDITION = Pattern.compile("\\$\\.([A-Za-z0-9_]+)\\s*=\\s*\"([^\"]*)\"");

    public static LogFilterPattern parse(String pattern) {
        String p = pattern.strip();
        if (!p.startsWith("{") || !p.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON filter pattern: " + pattern);
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : p.substring(1, p.length() - 1).split("&&")) {
            Matcher m = CONDITION.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("condition outside the supported syntax: " + part.strip());
            }
            conditions.add(new Condition(m.group(1), glob(m.group(2))));
        }
        return new LogFilterPattern(List.copyOf(conditions));
    }

    /** Whether CloudWatch would count this JSON log event. */
    public boolean matches(JsonNode event) {
        for (Condition c : conditions) {
            JsonNode value = event.get(c.field());
            if (value == null
                    || !value.isValueNode()
                    || !c.value().matcher(value.asText()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        for (String literal : value.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
