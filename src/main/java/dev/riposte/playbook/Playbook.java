package dev.riposte.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated playbook: ordered steps that respond to one kind of incident. Public: the dispatcher expands
 * runs of it, the CLI lists it.
 */
public record Playbook(String id, String description, String file, List<Parameter> parameters, List<Step> steps) {

    public Playbook {
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
    }

    /**
     * The steps of one run, in order, with references filled in.
     *
     * @param facts     {@code event}, {@code resource}, {@code principal}, {@code target}, {@code detail} as nested maps
     * @param runParams what the rule passed; declared defaults fill the rest
     * @throws IllegalArgumentException when a required parameter is missing or an undeclared one is given
     */
    public List<PlannedStep> expand(Map<String, Object> facts, Map<String, Object> runParams) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Object v = runParams.get(p.name());
            if (v == null) {
                v = p.defaultValue();
            }
            if (v == null && p.required()) {
                throw new IllegalArgumentException("playbook " + id + " needs parameter '" + p.name() + "'"
                        + (p.description() == null ? "" : " (" + p.description() + ")"));
            }
            if (v != null) {
                params.put(p.name(), v);
            }
        }
        for (String given : runParams.keySet()) {
            if (parameters.stream().noneMatch(p -> p.name().equals(given))) {
                throw new IllegalArgumentException("playbook " + id + " has no parameter '" + given + "' (declared: "
                        + String.join(
                                ", ", parameters.stream().map(Parameter::name).toList()) + ")");
            }
        }
        Map<String, Object> all = new LinkedHashMap<>(facts);
        all.put("params", params);
        List<PlannedStep> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(plan(s, all));
        }
        return out;
    }

    private static PlannedStep plan(Step s, Map<String, Object> facts) {
        boolean selected = s.when() == null || Condition.parse(s.when()).test(facts);
        String target = null;
        Map<String, Object> params = new LinkedHashMap<>();
        String error = null;
        if (!selected) { // still name the target, so the audit says what was not done to what
            try {
                Object t = s.target() == null
                        ? facts.get("target")
                        : Template.parse(s.target()).render(facts);
                target = t == null ? null : String.valueOf(t);
            } catch (Template.MissingValue e) {
                target = null;
            }
        } else {
            try {
                Object t = s.target() == null
                        ? facts.get("target")
                        : Template.parse(s.target()).render(facts);
                target = t == null ? null : String.valueOf(t);
                for (Map.Entry<String, Object> e : s.params().entrySet()) {
                    params.put(e.getKey(), render(e.getValue(), facts));
                }
            } catch (Template.MissingValue e) {
                error = "step " + s.number() + " (" + s.name() + "): " + e.getMessage();
            }
        }
        return new PlannedStep(
                s.number(),
                s.name(),
                s.action(),
                target,
                params,
                selected,
                s.when(),
                s.continueOnFailure(),
                s.approval(),
                error);
    }

    private static Object render(Object v, Map<String, Object> facts) {
        if (v instanceof String s) {
            return Template.parse(s).render(facts);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> render(x, facts)).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), render(x, facts)));
            return out;
        }
        return v;
    }
}
