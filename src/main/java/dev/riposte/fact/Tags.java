package dev.riposte.fact;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Case-insensitive tag matching shared by the context facts. */
final class Tags {
    private Tags() {}

    /** Some tag whose key is one of {@code keys} has a value in {@code values} (both compared in lower case). */
    static boolean anyValue(Map<String, String> tags, Set<String> keys, Set<String> values) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (keys.contains(t.getKey().toLowerCase(Locale.ROOT))
                    && t.getValue() != null
                    && values.contains(t.getValue().trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    static boolean hasKey(Map<String, String> tags, String key) {
        return tags.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }
}
