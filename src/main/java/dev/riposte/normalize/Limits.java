package dev.riposte.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Size and nesting limits. Text is checked before it is parsed (constraints in the parser itself);
 * trees that arrive already parsed are measured in a walk that stops at the depth limit, so a
 * hostile depth cannot overflow the stack.
 */
final class Limits {
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_BYTES)
                    .build())
            .build());

    /** A reader made once: ObjectMapper.readTree looks the JsonNode type up on every call. */
    private static final ObjectReader TREE = STRICT.readerFor(JsonNode.class);

    private Limits() {}

    /** UTF-8 length of text, without encoding it. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Parses one JSON document from text, enforcing the limits first. */
    static JsonNode parse(String text) {
        // UTF-8 takes at least one byte and at most three per char (a surrogate pair makes four from two),
        // so only text between a third of the limit and the limit needs its bytes counted
        if (text.length() > MAX_BYTES) {
            throw tooLarge(utf8Length(text));
        }
        if ((long) text.length() * 3 > MAX_BYTES) {
            long bytes = utf8Length(text);
            if (bytes > MAX_BYTES) {
                throw tooLarge(bytes);
            }
        }
        try {
            JsonNode n = TREE.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new BadInput("not JSON: empty input");
            }
            return n;
        } catch (StreamConstraintsException e) {
            throw new BadInput(
                    e.getMessage() != null && e.getMessage().contains("depth")
                            ? "too deeply nested: depth > " + MAX_DEPTH
                            : "too large: " + firstLine(e.getMessage()));
        } catch (JsonProcessingException e) {
            throw new BadInput(notJson(e));
        } catch (IOException e) {
            throw new BadInput("not JSON: " + firstLine(e.getMessage()));
        }
    }

    /** One-line reason for a Jackson parse failure: message without the source excerpt, plus position. */
    static String notJson(JsonProcessingException e) {
        String msg = firstLine(e.getOriginalMessage());
        var loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            msg += " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
        }
        return "not JSON: " + msg;
    }

    static BadInput tooLarge(long bytes) {
        return new BadInput("too large: " + bytes + " bytes > " + MAX_BYTES);
    }

    /**
     * Checks a parsed tree: nesting depth (scalars 0, each container +1) and the length of its
     * compact UTF-8 serialization, stopping as soon as either limit is passed. Character counts are
     * a lower bound of the byte count, so passing the limit on them is already a rejection.
     */
    static void check(JsonNode root) {
        // characters never outnumber UTF-8 bytes and an escaped character takes at most 6 bytes, so a
        // document whose character count is under a sixth of the limit needs no exact count
        if (walk(root, false) * 6 > MAX_BYTES) {
            walk(root, true);
        }
    }

    private static long walk(JsonNode root, boolean exact) {
        long[] size = {0};
        walk(root, 0, exact, size);
        return size[0];
    }

    /** Recursion is safe: it stops one level past {@link #MAX_DEPTH}, whatever the input's depth. */
    private static void walk(JsonNode n, int depth, boolean exact, long[] size) {
        if (n.isContainerNode()) {
            if (depth + 1 > MAX_DEPTH) {
                throw new BadInput("too deeply nested: depth > " + MAX_DEPTH);
            }
            size[0] += 2 + Math.max(0, n.size() - 1); // brackets and commas
            if (n.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    size[0] += (exact ? stringLength(e.getKey()) : e.getKey().length() + 2) + 1; // key, colon
                    walk(e.getValue(), depth + 1, exact, size);
                }
            } else {
                for (JsonNode c : n) {
                    walk(c, depth + 1, exact, size);
                }
            }
        } else if (n.isTextual()) {
            size[0] += exact ? stringLength(n.textValue()) : n.textValue().length() + 2;
        } else {
            size[0] += n.asText().length();
        }
        if (size[0] > MAX_BYTES) {
            throw new BadInput("too large: more than " + MAX_BYTES + " bytes");
        }
    }

    /** Serialized length of a JSON string in UTF-8: quotes, escapes and multi-byte characters. */
    static long stringLength(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                n += 2;
            } else if (c < 0x20) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                n += 2; // a pair makes 4 bytes
            } else {
                n += 3;
            }
        }
        return n;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
