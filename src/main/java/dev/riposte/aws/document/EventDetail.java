package dev.riposte.aws.document;

import java.util.List;
import java.util.Map;

/**
 * Reads the raw source document of an event ({@code SecurityEvent.detail()}) the way findings come:
 * GuardDuty's GetFindings shape is PascalCase, its EventBridge shape camelCase, and the document may
 * still sit inside its EventBridge envelope. Public: handlers of every AWS service package use it.
 */
public final class EventDetail {
    private EventDetail() {}

    /**
     * The node at {@code path} (dotted, camelCase names), trying each name in camelCase and PascalCase,
     * from the root or from its {@code detail} member; null on any miss.
     */
    public static Object at(Map<String, Object> root, String path) {
        Object found = walk(root, path);
        return found != null ? found : walk(child(root, "detail"), path);
    }

    public static String text(Object node, String name) {
        Object v = child(node, name);
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v);
    }

    /** The list member {@code name} of {@code node}, empty when missing or not a list. */
    public static List<?> list(Object node, String name) {
        return child(node, name) instanceof List<?> l ? l : List.of();
    }

    public static Object child(Object node, String name) {
        if (!(node instanceof Map<?, ?> m) || name.isEmpty()) {
            return null;
        }
        Object v = m.get(name);
        return v != null ? v : m.get(Character.toUpperCase(name.charAt(0)) + name.substring(1));
    }

    private static Object walk(Object node, String path) {
        Object cur = node;
        for (String part : path.split("\\.")) {
            cur = child(cur, part);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }
}
