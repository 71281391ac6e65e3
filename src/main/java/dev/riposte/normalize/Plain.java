package dev.riposte.normalize;

import com.fasterxml.jackson.databind.JsonNode;

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
    private Plain() {
    }

    static Map<String, Object> map(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return new JsonMap(n);
    }

    static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            return new JsonMap(n);
        }
        if (n.isArray()) {
            return new JsonList(n);
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

        JsonMap(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String k ? value(node.get(k)) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String k && node.has(k);
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
                            return new SimpleImmutableEntry<>(e.getKey(), value(e.getValue()));
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

        JsonList(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= node.size()) {
                throw new IndexOutOfBoundsException(index);
            }
            return value(node.get(index));
        }

        @Override
        public int size() {
            return node.size();
        }
    }
}
