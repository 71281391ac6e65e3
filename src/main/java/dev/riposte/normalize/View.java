package dev.riposte.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only view of a JSON node that ignores the case of a key's first letter: {@code get("ResourceType")}
 * and {@code get("resourceType")} find the same field, so GuardDuty's PascalCase (GetFindings) and
 * camelCase (EventBridge) shapes go through one mapper. Absent fields give a missing view instead
 * of null; a field of the wrong kind is rejected with its path, never a ClassCastException.
 */
final class View {
    private final JsonNode node;
    /** Where this node sits, kept as links and rendered only for error messages (lookups stay cheap). */
    private final View parent;

    private final String key;
    private final int index;

    private View(JsonNode node, View parent, String key, int index) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    static View of(JsonNode node) {
        return new View(node, null, null, -1);
    }

    JsonNode raw() {
        return node;
    }

    String path() {
        if (parent == null) {
            return "(root)";
        }
        StringBuilder sb = new StringBuilder();
        appendPath(sb);
        return sb.toString();
    }

    private void appendPath(StringBuilder sb) {
        if (parent == null) {
            return;
        }
        parent.appendPath(sb);
        if (key != null) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(key);
        } else {
            sb.append('[').append(index).append(']');
        }
    }

    /**
     * The child field, matched exactly or with the first letter's case flipped
     * ({@code resourceType}/{@code ResourceType}); missing on non-objects.
     */
    View get(String key) {
        if (!node.isObject()) {
            return new View(null, this, key, -1);
        }
        JsonNode v = node.get(key);
        if (v == null && !key.isEmpty()) {
            String flipped = FLIPPED.get(key);
            if (flipped == null) {
                flipped = flip(key);
                if (FLIPPED.size() < 4096) { // bounded, should a key ever come from input
                    FLIPPED.put(key, flipped);
                }
            }
            if (flipped != key) {
                v = node.get(flipped);
            }
        }
        return new View(v, this, key, -1);
    }

    /**
     * Keys with the first letter's case flipped, computed once per key: the keys come from the mappers'
     * code (a few hundred literals), so the cache stays small, and a missing optional field costs a lookup
     * instead of a new string.
     */
    private static final ConcurrentHashMap<String, String> FLIPPED = new ConcurrentHashMap<>();

    private static String flip(String key) {
        char c = key.charAt(0);
        char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        return flipped == c ? key : flipped + key.substring(1);
    }

    /** Nested fields: {@code at("service", "action", "actionType")}. */
    View at(String... keys) {
        View v = this;
        for (String k : keys) {
            v = v.get(k);
        }
        return v;
    }

    /** True when present and not JSON null. */
    boolean exists() {
        return !node.isMissingNode() && !node.isNull();
    }

    boolean isObject() {
        return node.isObject();
    }

    boolean isArray() {
        return node.isArray();
    }

    /** Rejects a document that is not an object, naming it {@code what}: "Macie finding is an array, expected an object". */
    void requireObject(String what) {
        if (!node.isObject()) {
            throw new BadInput(what + " is " + kind(node) + ", expected an object");
        }
    }

    /** This node as an object, or missing when absent; rejects a value of another kind. */
    View obj() {
        if (exists() && !node.isObject()) {
            throw new BadInput(path() + " is " + kind(node) + ", expected an object");
        }
        return this;
    }

    View obj(String... keys) {
        View v = this;
        for (String k : keys) {
            v = v.get(k).obj();
        }
        return v;
    }

    /** Elements of an array (empty when absent); rejects a value of another kind. */
    List<View> items() {
        if (!exists()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BadInput(path() + " is " + kind(node) + ", expected an array");
        }
        List<View> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new View(node.get(i), this, null, i));
        }
        return out;
    }

    /** Elements of an array, or this value alone when it is not an array (EC2's one-or-many fields). */
    List<View> itemsOrSelf() {
        if (node.isArray()) {
            return items();
        }
        return exists() ? List.of(this) : List.of();
    }

    /** Scalar as text (numbers and booleans too), null when absent; rejects objects and arrays. */
    String text() {
        if (!exists()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new BadInput(path() + " is " + kind(node) + ", expected a string");
        }
        String s = node.asText();
        return s.isEmpty() ? null : s;
    }

    String text(String... keys) {
        return at(keys).text();
    }

    /** Required non-empty text: {@code "<what> without <name>"} when absent. */
    String requireText(String what, String name) {
        String s = text();
        if (s == null) {
            throw new BadInput(what + " without " + name);
        }
        return s;
    }

    /** A number, also accepted as numeric text; null when absent; rejects anything else. */
    Double number() {
        if (!exists()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                double d = Double.parseDouble(node.asText().trim());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new BadInput(path() + " is not a number: " + brief(node));
    }

    /** An integer (port numbers, counts), also as text; null when absent. */
    Integer integer() {
        Double d = number();
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new BadInput(path() + " is not an integer: " + brief(node));
        }
        return d.intValue();
    }

    /** True, false or null; accepts "true"/"false" text. */
    Boolean bool() {
        if (!exists()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && ("true".equalsIgnoreCase(node.asText()) || "false".equalsIgnoreCase(node.asText()))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw new BadInput(path() + " is not a boolean: " + brief(node));
    }

    /** A short rendering of a value for error messages (never the whole input). */
    static String brief(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
