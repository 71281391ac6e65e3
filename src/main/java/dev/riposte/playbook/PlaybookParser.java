package dev.riposte.playbook;

import dev.riposte.text.Strings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one playbook file and checks everything that can be checked before an event arrives: the schema
 * (unknown keys too), action ids and parameters (through {@link ActionRules}), {@code ${...}} references and
 * {@code when} expressions. Every problem names the file and line and says what to do.
 */
final class PlaybookParser {
    static final String ID_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";
    private static final List<String> TOP = List.of("id", "description", "parameters", "steps");
    private static final List<String> PARAM = List.of("description", "default", "required");
    private static final List<String> STEP =
            List.of("name", "action", "target", "params", "on-failure", "when", "approval");
    private static final String SCHEMA = "see playbooks/README.md for the schema";

    private final String file;
    private final ActionRules actions;
    private final List<Problem> problems = new ArrayList<>();

    private PlaybookParser(String file, ActionRules actions) {
        this.file = file;
        this.actions = actions;
    }

    record Parsed(Playbook playbook, List<Problem> problems) {}

    static Parsed parse(String file, String text, ActionRules actions) {
        PlaybookParser p = new PlaybookParser(file, actions);
        Playbook pb = p.read(text);
        p.problems.sort(Comparator.comparingInt(Problem::line)); // stable: same-line problems keep their order
        return new Parsed(p.problems.isEmpty() ? pb : null, List.copyOf(p.problems));
    }

    private Playbook read(String text) {
        Yaml.Node root;
        try {
            root = Yaml.parse(text);
        } catch (Yaml.SyntaxError e) {
            problem(
                    e.line,
                    e.getMessage(),
                    "check indentation, colons and quotes (a value with ': ' or '#' needs quotes)");
            return null;
        }
        Map<String, Yaml.Node> top = root.map();
        if (top == null) {
            problem(root.line(), "a playbook is a YAML mapping with id, description and steps", SCHEMA);
            return null;
        }
        unknownKeys(top, TOP, "playbook");
        String id = string(top, "id", root.line(), true);
        if (id != null && !id.matches(ID_PATTERN)) {
            problem(
                    top.get("id").line(),
                    "playbook id '" + id + "' must be lower-case words joined by '-'",
                    "e.g. id: compromised-ec2-instance (rules start it with PlaybookRun.of(\"" + id.toLowerCase()
                            + "\", ...))");
        }
        String description = string(top, "description", root.line(), true);
        List<Parameter> params = parameters(top.get("parameters"));
        Set<String> names = new TreeSet<>();
        params.forEach(p -> names.add(p.name()));
        List<Step> steps = steps(top.get("steps"), names, root.line());
        return new Playbook(id, description, file, params, steps);
    }

    private List<Parameter> parameters(Yaml.Node node) {
        List<Parameter> out = new ArrayList<>();
        if (node == null || node.value() == null) {
            return out;
        }
        Map<String, Yaml.Node> m = node.map();
        if (m == null) {
            problem(node.line(), "parameters must be a mapping of name -> {description, default, required}", SCHEMA);
            return out;
        }
        for (Map.Entry<String, Yaml.Node> e : m.entrySet()) {
            String name = e.getKey();
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                problem(
                        e.getValue().line(),
                        "parameter name '" + name + "' must start with a letter and use letters, digits, - or _",
                        null);
            }
            Map<String, Yaml.Node> spec = e.getValue().map();
            if (spec == null) {
                if (e.getValue().value() != null) {
                    problem(
                            e.getValue().line(),
                            "parameter '" + name + "' must be a mapping {description, default, required}",
                            "e.g. " + name + ": {description: why, default: \"...\"}");
                }
                out.add(new Parameter(name, null, null, true));
                continue;
            }
            unknownKeys(spec, PARAM, "parameter '" + name + "'");
            Object def = spec.containsKey("default") ? spec.get("default").plain() : null;
            Object req = spec.containsKey("required") ? spec.get("required").value() : null;
            if (req != null && !(req instanceof Boolean)) {
                problem(spec.get("required").line(), "required must be true or false", null);
            }
            boolean required = req instanceof Boolean b ? b : def == null;
            out.add(new Parameter(name, text(spec.get("description")), def, required));
        }
        return out;
    }

    private List<Step> steps(Yaml.Node node, Set<String> params, int line) {
        List<Step> out = new ArrayList<>();
        if (node == null || node.list() == null || node.list().isEmpty()) {
            problem(
                    node == null ? line : node.line(),
                    "a playbook needs a non-empty list of steps",
                    "steps:\n    - action: notify:log\n      params: {message: \"...\"}");
            return out;
        }
        int n = 0;
        for (Yaml.Node item : node.list()) {
            n++;
            Map<String, Yaml.Node> m = item.map();
            if (m == null) {
                problem(item.line(), "step " + n + " must be a mapping with at least 'action'", SCHEMA);
                continue;
            }
            unknownKeys(m, STEP, "step " + n);
            String action = string(m, "action", item.line(), true);
            String name = m.containsKey("name") ? text(m.get("name")) : action;
            String target = m.containsKey("target") ? scalarText(m.get("target"), "target") : null;
            if (target != null) {
                checkTemplate(target, m.get("target").line(), params);
            }
            Map<String, Object> stepParams = new LinkedHashMap<>();
            Yaml.Node pn = m.get("params");
            if (pn != null && pn.value() != null) {
                if (pn.map() == null) {
                    problem(pn.line(), "params of step " + n + " must be a mapping of name: value", null);
                } else {
                    pn.map().forEach((k, v) -> {
                        stepParams.put(k, v.plain());
                        checkTemplates(v, params);
                    });
                }
            }
            String onFailure = Step.STOP;
            if (m.containsKey("on-failure")) {
                onFailure = text(m.get("on-failure"));
                if (!Step.STOP.equals(onFailure) && !Step.CONTINUE.equals(onFailure)) {
                    problem(
                            m.get("on-failure").line(),
                            "on-failure must be stop or continue, got '" + onFailure + "'",
                            "stop (the default) ends the run when this step fails; continue goes on with the next step");
                }
            }
            String when = null;
            if (m.containsKey("when")) {
                when = scalarText(m.get("when"), "when");
                checkCondition(when, m.get("when").line(), params);
            }
            boolean approval = false;
            if (m.containsKey("approval")) {
                Object a = m.get("approval").value();
                approval = "required".equals(a);
                if (!approval && !"none".equals(a)) {
                    problem(
                            m.get("approval").line(),
                            "approval must be 'required' or 'none', got '" + a + "'",
                            "approval: required parks the step until an operator approves it");
                }
            }
            if (action != null) {
                for (String p : actions.check(action, stepParams)) {
                    problem(lineOf(p, m, stepParams), "step " + n + ": " + p, hintFor(p));
                }
            }
            out.add(new Step(n, name, action, target, stepParams, when, onFailure, approval, item.line()));
        }
        return out;
    }

    /** A problem about a parameter is shown at that parameter's line, others at the action's. */
    private static int lineOf(String problem, Map<String, Yaml.Node> step, Map<String, Object> params) {
        Yaml.Node pn = step.get("params");
        if (pn != null && pn.map() != null) {
            for (String k : params.keySet()) {
                if (problem.contains("'" + k + "'")) {
                    return pn.map().get(k).line();
                }
            }
        }
        return step.get("action").line();
    }

    private static String hintFor(String problem) {
        if (problem.startsWith("unknown action")) {
            return "`riposte actions` lists the action ids and their parameters";
        }
        if (problem.contains("parameter")) {
            return "`riposte actions` shows each action's parameters";
        }
        return null;
    }

    private void checkTemplates(Yaml.Node v, Set<String> params) {
        if (v.value() instanceof String s) {
            checkTemplate(s, v.line(), params);
        } else if (v.list() != null) {
            v.list().forEach(x -> checkTemplates(x, params));
        } else if (v.map() != null) {
            v.map().values().forEach(x -> checkTemplates(x, params));
        }
    }

    private void checkTemplate(String s, int line, Set<String> params) {
        try {
            checkRefs(Template.parse(s).refs(), line, params);
        } catch (IllegalArgumentException e) {
            problem(line, e.getMessage(), "write references as ${event.account}; $${ writes a literal ${");
        }
    }

    private void checkCondition(String when, int line, Set<String> params) {
        if (when == null) {
            return;
        }
        try {
            checkRefs(Condition.parse(when).refs(), line, params);
        } catch (IllegalArgumentException e) {
            problem(
                    line,
                    "bad when: " + e.getMessage(),
                    "e.g. when: ${event.severity} >= 7 && ${resource.tags.env} != \"dev\"");
        }
    }

    private void checkRefs(List<String> refs, int line, Set<String> params) {
        for (String ref : refs) {
            String bad = References.check(ref, params);
            if (bad != null) {
                int bar = bad.indexOf(" | ");
                problem(line, bar < 0 ? bad : bad.substring(0, bar), bar < 0 ? null : bad.substring(bar + 3));
            }
        }
    }

    private void unknownKeys(Map<String, Yaml.Node> m, List<String> known, String where) {
        for (Map.Entry<String, Yaml.Node> e : m.entrySet()) {
            if (!known.contains(e.getKey())) {
                String best = null;
                int bestD = Integer.MAX_VALUE;
                for (String k : known) {
                    int d = Strings.distance(e.getKey(), k);
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                problem(
                        e.getValue().line(),
                        "unknown key '" + e.getKey() + "' in " + where,
                        bestD <= 3 ? "did you mean '" + best + "'?" : "known keys: " + String.join(", ", known));
            }
        }
    }

    private String string(Map<String, Yaml.Node> m, String key, int line, boolean required) {
        Yaml.Node n = m.get(key);
        if (n == null || n.value() == null || String.valueOf(n.value()).isBlank()) {
            if (required) {
                problem(n == null ? line : n.line(), "missing '" + key + "'", SCHEMA);
            }
            return null;
        }
        return scalarText(n, key);
    }

    private String scalarText(Yaml.Node n, String key) {
        if (n.map() != null || n.list() != null) {
            problem(n.line(), "'" + key + "' must be a single value", null);
            return null;
        }
        return text(n);
    }

    private static String text(Yaml.Node n) {
        return n == null || n.value() == null ? null : String.valueOf(n.value());
    }

    private void problem(int line, String message, String hint) {
        problems.add(new Problem(file, line, message, hint));
    }
}
