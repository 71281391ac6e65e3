package dev.riposte.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command's parameters as one canonical JSON text (map keys sorted at every level, any other value as its text), so
 * that commands with equal parameters compare equal whatever order a rule set them in: part of the idempotency and
 * cooldown keys.
 */
final class CanonicalParams {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CanonicalParams() {}

    /** SHA-256 of {@link #of}, in hex: bounded whatever the parameters (a DynamoDB key holds at most 2048 bytes). */
    static String digest(Map<String, Object> params) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(of(params).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    static String of(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(plain(params));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain() leaves only maps, lists, strings, numbers and booleans
        }
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), plain(x)));
            return sorted;
        }
        if (v instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            c.forEach(x -> list.add(plain(x)));
            return list;
        }
        return String.valueOf(v); // Instant, Duration, enums...: their text, as the audit record shows them
    }
}
