package dev.riposte.dispatch;

import java.util.List;
import java.util.Map;

/** One declared parameter of an action. {@code type} is {@code string|int|bool|list|map}. */
public record ParamSpec(String name, String type, boolean required, String description) {

    public static ParamSpec required(String name, String type, String description) {
        return new ParamSpec(name, type, true, description);
    }

    public static ParamSpec optional(String name, String type, String description) {
        return new ParamSpec(name, type, false, description);
    }

    boolean accepts(Object v) {
        return switch (type) {
            case "string" -> v instanceof CharSequence;
            case "int" -> v instanceof Integer || v instanceof Long || (v instanceof CharSequence s && s.toString().matches("-?\\d+"));
            case "bool" -> v instanceof Boolean || "true".equals(v) || "false".equals(v);
            case "list" -> v instanceof List<?>;
            case "map" -> v instanceof Map<?, ?>;
            default -> true;
        };
    }
}
