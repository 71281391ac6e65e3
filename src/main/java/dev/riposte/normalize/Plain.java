package dev.riposte.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Presents a JSON tree as plain Java (Map, List, String, Integer/Long/Double, Boolean, null) with the
 * original keys, so a fact's {@code detail} carries no Jackson types into DRL. The maps and lists
 * are read-only views that convert on access instead of copying the tree (normalizing then costs
 * little more than parsing); the tree is never modified after normalization, so they are safe to
 * share between threads.
 */
final class Plain {
    private Plain() {}

    static Map<String, Object> map(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return new JsonMap(n, false);
    }

    /**
     * Like {@link #map(JsonNode)}, with every field name presented in camelCase ({@code Service} ->
     * {@code service}; {@code AWS::S3::Bucket} and other names whose second letter is a capital stay
     * as they are): a GuardDuty finding in the GetFindings (PascalCase) shape then offers DRL the
     * same {@code detail("service.action.actionType")} paths as the EventBridge (camelCase) shape.
     */
    static Map<String, Object> camelMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return new JsonMap(n, true);
    }

    /**
     * {@code detail} as produced by {@link #map} or {@link #camelMap}, kept as compact JSON bytes and parsed again on
     * first access: replay holds tens of thousands of events (in its merge buffers and in the rule session's time
     * window) whose trees, as objects, were most of the garbage collector's work; one byte array is cheap to keep and
     * few rules ever read {@code detail}. Any other map is returned as it is.
     */
    static Map<String, Object> compact(Map<String, Object> detail) {
        if (!(detail instanceof JsonMap m)) {
            return detail;
        }
        try {
            return new BytesMap(MAPPER.writeValueAsBytes(m.node), m.camel);
        } catch (IOException e) {
            return detail; // a tree we parsed always serializes; keep it as it is if not
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A {@link JsonMap} kept as JSON bytes until first read (then the tree is kept: a rule that reads detail once reads it again). */
    private static final class BytesMap extends AbstractMap<String, Object> {
        private final byte[] json;
        private final boolean camel;
        private volatile JsonMap map; // benign race: two threads may both parse, to equal maps

        BytesMap(byte[] json, boolean camel) {
            this.json = json;
            this.camel = camel;
        }

        private JsonMap map() {
            JsonMap m = map;
            if (m == null) {
                try {
                    m = new JsonMap(MAPPER.readTree(json), camel);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot re-read event detail: " + e.getMessage(), e);
                }
                map = m;
            }
            return m;
        }

        @Override
        public Object get(Object key) {
            return map().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map().containsKey(key);
        }

        @Override
        public int size() {
            return map().size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return map().entrySet();
        }
    }

    /** {@code ResourceType} -> {@code resourceType}; keys not starting with a capital then a small letter or digit are kept. */
    static String camel(String key) {
        if (key.length() < 2 || !isUpper(key.charAt(0))) {
            return key;
        }
        char second = key.charAt(1);
        if (isUpper(second) || !(Character.isLetterOrDigit(second))) {
            return key;
        }
        return (char) (key.charAt(0) + ('a' - 'A')) + key.substring(1);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static Object value(JsonNode n) {
        return value(n, false);
    }

    private static Object value(JsonNode n, boolean camel) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            return new JsonMap(n, camel);
        }
        if (n.isArray()) {
            return new JsonList(n, camel);
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.intValue() : (Object) n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }

    private static final class JsonMap extends AbstractMap<String, Object> {
        private final JsonNode node;
        private final boolean camel;

        JsonMap(JsonNode node, boolean camel) {
            this.node = node;
            this.camel = camel;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String k ? value(find(k), camel) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String k && find(k) != null;
        }

        /** The field under a presented name: as given, or (camel view) its PascalCase original. */
        private JsonNode find(String k) {
            if (!camel) {
                return node.get(k);
            }
            if (!camel(k).equals(k)) {
                return null; // a PascalCase name is presented as its camelCase form only
            }
            JsonNode v = node.get(k);
            if (v != null || k.isEmpty() || k.charAt(0) < 'a' || k.charAt(0) > 'z') {
                return v;
            }
            String pascal = (char) (k.charAt(0) - ('a' - 'A')) + k.substring(1);
            return camel(pascal).equals(k) ? node.get(pascal) : null;
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Entry<String, JsonNode>> it = node.fields();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Entry<String, JsonNode> e = it.next();
                            String k = camel ? camel(e.getKey()) : e.getKey();
                            return new SimpleImmutableEntry<>(k, value(e.getValue(), camel));
                        }
                    };
                }

                @Override
                public int size() {
                    return node.size();
                }
            };
        }
    }

    private static final class JsonList extends AbstractList<Object> {
        private final JsonNode node;
        private final boolean camel;

        JsonList(JsonNode node, boolean camel) {
            this.node = node;
            this.camel = camel;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= node.size()) {
                throw new IndexOutOfBoundsException(index);
            }
            return value(node.get(index), camel);
        }

        @Override
        public int size() {
            return node.size();
        }
    }
}
