package dev.riposte.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.guard.GuardSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A test case's {@code expected.json}: the rules that fire and the commands they give. Every field a case states is
 * compared, an unknown key is an error naming file:line, and the case chooses whether its rule list is exact.
 *
 * <pre>{"rules": ["..."], "rulesMatch": "exact|includes", "commands": [{"action", "target", "params", "rule", "outcome"}],
 *       "config": {"riposte.guard.cooldown": "0s"}}</pre>
 *
 * @param name       what the case is called in the output ({@code "name"}), null for its folder's
 * @param exactRules true: exactly these rules fire; false: at least these (others may fire too)
 * @param config     guard configuration the case sets ({@code "config": {"riposte.guard.cooldown": "0s"}}), checked
 *                   against {@link GuardSettings#CASE_KEYS}; empty when none
 */
record CaseExpectation(
        String name, List<String> rules, boolean exactRules, List<Cmd> commands, Map<String, String> config) {

    private static final Set<String> ROOT_KEYS =
            Set.of("name", "description", "rules", "rulesMatch", "commands", "config");
    private static final Set<String> COMMAND_KEYS = Set.of("action", "target", "params", "rule", "outcome");

    /** An expected command; {@code params}, {@code rule} and {@code outcome} are compared only when stated (non-null). */
    record Cmd(String action, String target, JsonNode params, String rule, String outcome) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(action + " " + target);
            if (params != null) {
                b.append(' ').append(params);
            }
            if (rule != null) {
                b.append(" by \"").append(rule).append('"');
            }
            if (outcome != null) {
                b.append(" (").append(outcome).append(')');
            }
            return b.toString();
        }
    }

    /** A command the case produced. */
    record Got(String action, String target, JsonNode params, String rule, String outcome) {
        @Override
        public String toString() {
            return action + " " + target + " " + params + " by \"" + rule + "\" (" + outcome + ")";
        }
    }

    /** @throws IllegalArgumentException naming {@code file:line} and what to write instead */
    static CaseExpectation read(Path file, ObjectMapper json) throws IOException {
        Map<String, String> config = checkKeys(file, json);
        JsonNode root = json.readTree(file.toFile());
        String shape = "expected {\"rules\": [...], \"commands\": [{\"action\": ..., \"target\": ...}]}";
        if (root == null
                || !root.isObject()
                || !root.path("rules").isArray()
                || !root.path("commands").isArray()) {
            throw new IllegalArgumentException(file + ":1: " + shape);
        }
        List<String> rules = new ArrayList<>();
        root.get("rules").forEach(n -> rules.add(n.asText()));
        String match = root.path("rulesMatch").asText("exact");
        if (!match.equals("exact") && !match.equals("includes")) {
            throw new IllegalArgumentException(
                    file + ": \"rulesMatch\" is \"exact\" (the default: exactly these rules fire)"
                            + " or \"includes\" (these fire, others may too), not \"" + match + "\"");
        }
        List<Cmd> cmds = new ArrayList<>();
        for (JsonNode c : root.get("commands")) {
            if (!c.hasNonNull("action")) {
                throw new IllegalArgumentException(file + ": every command needs an \"action\"");
            }
            JsonNode params = c.get("params");
            if (params != null && !params.isObject()) {
                throw new IllegalArgumentException(
                        file + ": \"params\" of " + c.get("action").asText() + " must be an object");
            }
            cmds.add(new Cmd(
                    c.get("action").asText(),
                    c.hasNonNull("target") ? c.get("target").asText() : null,
                    params,
                    text(c, "rule"),
                    text(c, "outcome")));
        }
        return new CaseExpectation(text(root, "name"), rules, match.equals("exact"), cmds, config);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /**
     * Unknown keys, at the root and in commands, with their line (a misspelled key would silently check nothing);
     * returns the case's {@code "config"}, each key and value checked with its line.
     */
    private static Map<String, String> checkKeys(Path file, ObjectMapper json) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        try (JsonParser p = json.getFactory().createParser(file.toFile())) {
            List<String> path = new ArrayList<>(); // "{name" or "[name" per open container
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && path.size() == 2 && path.get(1).equals("{config")) {
                    String key = p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    String value = configValue(p, file, line, key);
                    try {
                        GuardSettings.defaults(Path.of(".")).with(Map.of(key, value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ":" + line + ": \"config\": " + e.getMessage()
                                + (e.getMessage().startsWith("unknown")
                                        ? ""
                                        : " (accepted keys: "
                                                + String.join(", ", new TreeSet<>(GuardSettings.CASE_KEYS)) + ")"));
                    }
                    config.put(key, value);
                    continue;
                }
                switch (t) {
                    case START_OBJECT -> {
                        if (path.size() == 1 && "config".equals(p.currentName())) {
                            path.add("{config");
                        } else {
                            path.add("{");
                        }
                    }
                    case START_ARRAY -> path.add("[" + p.currentName());
                    case END_OBJECT, END_ARRAY -> path.remove(path.size() - 1);
                    case FIELD_NAME -> {
                        String key = p.currentName();
                        boolean atRoot = path.size() == 1;
                        boolean inCommand = path.size() == 3 && path.get(1).equals("[commands");
                        Set<String> allowed = atRoot ? ROOT_KEYS : inCommand ? COMMAND_KEYS : null;
                        if (allowed != null && !allowed.contains(key)) {
                            JsonLocation at = p.currentTokenLocation();
                            throw new IllegalArgumentException(file + ":" + at.getLineNr() + ": unknown key \"" + key
                                    + "\" in " + (atRoot ? "expected.json" : "a command") + " (known: "
                                    + String.join(", ", new TreeSet<>(allowed)) + ")");
                        }
                    }
                    default -> {}
                }
            }
        }
        return Map.copyOf(config);
    }

    /** A config value: a string, number or boolean as written, or an array of strings joined with commas. */
    private static String configValue(JsonParser p, Path file, int line, String key) throws IOException {
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_ARRAY) {
            List<String> items = new ArrayList<>();
            while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                if (!v.isScalarValue()) {
                    throw new IllegalArgumentException(
                            file + ":" + line + ": \"config\": \"" + key + "\" lists strings");
                }
                items.add(p.getText());
            }
            return String.join(",", items);
        }
        if (v == null || !v.isScalarValue() || v == JsonToken.VALUE_NULL) {
            throw new IllegalArgumentException(file + ":" + line + ": \"config\": \"" + key
                    + "\" needs a string value, e.g. \"0s\" or \"111122223333,444455556666\"");
        }
        return p.getText();
    }

    /** What differs between this expectation and what the case did; empty when it passed. */
    List<String> differences(Set<String> fired, List<Got> got) {
        List<String> diffs = new ArrayList<>();
        Set<String> want = new TreeSet<>(rules);
        if (exactRules ? !fired.equals(want) : !fired.containsAll(want)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(fired);
            diffs.add("rules: expected " + (exactRules ? "" : "at least ") + want + ", fired " + new TreeSet<>(fired)
                    + (missing.isEmpty() ? "" : " (missing " + missing + ")"));
        }
        List<Got> left = new ArrayList<>(got);
        List<Cmd> unmatched = new ArrayList<>();
        for (Cmd c : commands) {
            Iterator<Got> it = left.iterator();
            boolean found = false;
            while (it.hasNext()) {
                if (matches(c, it.next())) {
                    it.remove();
                    found = true;
                    break;
                }
            }
            if (!found) {
                unmatched.add(c);
            }
        }
        if (!unmatched.isEmpty() || !left.isEmpty()) {
            diffs.add(
                    "commands: expected " + unmatched + " not given" + (left.isEmpty() ? "" : "; unexpected " + left));
        }
        return diffs;
    }

    private static boolean matches(Cmd want, Got got) {
        return want.action().equals(got.action())
                && Objects.equals(want.target(), got.target())
                && (want.params() == null || want.params().equals(got.params()))
                && (want.rule() == null || want.rule().equals(got.rule()))
                && (want.outcome() == null || want.outcome().equals(got.outcome()));
    }
}
