package dev.riposte.playbook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every node, so that every problem can name its line.
 * Values are {@code Map<String, Yaml.Node>}, {@code List<Yaml.Node>}, String, Number, Boolean or null.
 */
final class Yaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private Yaml() {}

    record Node(Object value, int line) {

        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return value instanceof Map<?, ?> m ? (Map<String, Node>) m : null;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return value instanceof List<?> l ? (List<Node>) l : null;
        }

        /** The plain value: maps and lists without line numbers. */
        Object plain() {
            if (value instanceof Map<?, ?>) {
                Map<String, Object> m = new LinkedHashMap<>();
                map().forEach((k, v) -> m.put(k, v.plain()));
                return m;
            }
            if (value instanceof List<?>) {
                return list().stream().map(Node::plain).toList();
            }
            return value;
        }
    }

    /** Thrown for YAML that cannot be parsed, or duplicate keys, with the line. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    static Node parse(String text) throws SyntaxError {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node(null, 1);
            }
            return read(p, t);
        } catch (IOException e) {
            int line = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr()
                    : 1;
            String msg = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("").strip();
            throw new SyntaxError("not valid YAML: " + msg, Math.max(1, line));
        }
    }

    private static Node read(JsonParser p, JsonToken t) throws IOException, SyntaxError {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    Node v = read(p, p.nextToken());
                    if (m.containsKey(name)) {
                        throw new SyntaxError("duplicate key '" + name + "'", keyLine);
                    }
                    m.put(name, new Node(v.value(), keyLine)); // a value is reported at its key's line
                }
                return new Node(m, line);
            }
            case START_ARRAY -> {
                List<Node> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e));
                }
                return new Node(l, line);
            }
            case VALUE_STRING -> {
                return new Node(p.getText(), line);
            }
            case VALUE_NUMBER_INT -> {
                return new Node(p.getNumberValue(), line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node(p.getDoubleValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(p.getBooleanValue(), line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> throw new SyntaxError("unexpected YAML token " + t, line);
        }
    }
}
