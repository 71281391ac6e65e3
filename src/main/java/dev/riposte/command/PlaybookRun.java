package dev.riposte.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule asks for: run the playbook {@code playbook} (its id) against {@code target}.
 *
 * <pre>insert(PlaybookRun.of("compromised-ec2-instance", $i.id()));</pre>
 */
public record PlaybookRun(String playbook, String target, Map<String, Object> params) {

    public PlaybookRun {
        Objects.requireNonNull(playbook, "playbook");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static PlaybookRun of(String playbook, String target) {
        return new PlaybookRun(playbook, target, Map.of());
    }

    public PlaybookRun with(String key, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(key, value);
        return new PlaybookRun(playbook, target, p);
    }
}
