package dev.riposte.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A string with {@code ${...}} references ({@code $${} writes a literal {@code ${}). A value that is exactly one
 * reference keeps the referenced value's type (a list stays a list); otherwise the parts are joined as text.
 */
final class Template {
    private final List<String> literals; // literals.get(i) precedes refs.get(i); one more literal at the end
    private final List<String> refs;

    private Template(List<String> literals, List<String> refs) {
        this.literals = literals;
        this.refs = refs;
    }

    /** @throws IllegalArgumentException for an unclosed or empty {@code ${}} */
    static Template parse(String s) {
        List<String> literals = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                lit.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '${' in '" + s + "'");
                }
                String ref = s.substring(i + 2, end).strip();
                if (ref.isEmpty()) {
                    throw new IllegalArgumentException("empty '${}' in '" + s + "'");
                }
                literals.add(lit.toString());
                lit.setLength(0);
                refs.add(ref);
                i = end + 1;
            } else {
                lit.append(s.charAt(i++));
            }
        }
        literals.add(lit.toString());
        return new Template(List.copyOf(literals), List.copyOf(refs));
    }

    List<String> refs() {
        return refs;
    }

    /**
     * @throws MissingValue when a reference has no value for these facts: acting on a half-filled parameter
     *                      (an empty instance id) is worse than not acting
     */
    Object render(Map<String, Object> facts) {
        if (refs.size() == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty()) {
            return require(facts, refs.get(0));
        }
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < refs.size(); i++) {
            out.append(require(facts, refs.get(i))).append(literals.get(i + 1));
        }
        return out.toString();
    }

    private static Object require(Map<String, Object> facts, String ref) {
        Object v = References.lookup(facts, ref);
        if (v == null) {
            throw new MissingValue(ref);
        }
        return v;
    }

    /** A reference without a value in this run's facts. */
    static final class MissingValue extends RuntimeException {
        MissingValue(String ref) {
            super("${" + ref + "} has no value for this event");
        }
    }
}
