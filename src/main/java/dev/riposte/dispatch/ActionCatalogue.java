package dev.riposte.dispatch;

import dev.riposte.command.ActionCommand;
import dev.riposte.text.Strings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every action Riposte knows, by id. Public: the CLI ({@code riposte actions}, {@code iam-policy}), the
 * rule and playbook loaders (parameter checks at load time) and the dispatcher all read it.
 */
public final class ActionCatalogue {
    private final Map<String, ActionHandler> byId;

    /** @throws IllegalArgumentException when two handlers declare the same id */
    public ActionCatalogue(List<ActionHandler> handlers) {
        Map<String, ActionHandler> m = new TreeMap<>();
        for (ActionHandler h : handlers) {
            String id = h.spec().id();
            ActionHandler previous = m.putIfAbsent(id, h);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate action id '" + id + "': "
                        + previous.getClass().getName() + " and " + h.getClass().getName());
            }
        }
        this.byId = m;
    }

    public Optional<ActionHandler> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Whether action {@code id} carries the event's investigation report on ({@link ActionHandler#carriesReport()}). */
    public boolean carriesReport(String id) {
        return find(id).map(ActionHandler::carriesReport).orElse(false);
    }

    /** All action specs, sorted by id. */
    public List<ActionSpec> specs() {
        return byId.values().stream()
                .map(ActionHandler::spec)
                .sorted(Comparator.comparing(ActionSpec::id))
                .toList();
    }

    /**
     * Everything wrong with {@code command}: an unknown action (with the nearest known id), a missing target,
     * parameter problems from the action's schema and the handler's own checks. Empty when it can be dispatched.
     */
    public List<String> validate(ActionCommand command) {
        ActionHandler handler = byId.get(command.action());
        if (handler == null) {
            return List.of(unknown(command.action()));
        }
        ActionSpec spec = handler.spec();
        List<String> problems = new ArrayList<>();
        if (spec.targetType() != null
                && (command.target() == null || command.target().isBlank())) {
            problems.add(spec.id() + " needs a target (" + spec.targetType() + " id or ARN)");
        }
        problems.addAll(spec.validate(command.params()));
        if (problems.isEmpty()) {
            // handler checks may read parameters, so they run on a command the schema accepted
            problems.addAll(handler.check(command));
        }
        return problems;
    }

    /**
     * Problems of a command written in a rule, known when the rules load. {@code params} holds the literal values,
     * {@code computed} the keys whose value is computed when the rule fires (present; type checked at dispatch);
     * {@code target} is the literal target, unless {@code targetComputed}. {@code complete} says the rule builds the
     * whole command in one expression, so a parameter it does not set is missing. The handler's own checks (target
     * shape, parameters that go together) run when everything is literal.
     */
    public List<String> validateLiteral(
            String action,
            boolean targetComputed,
            String target,
            Map<String, Object> params,
            Set<String> computed,
            boolean complete) {
        ActionHandler handler = byId.get(action);
        if (handler == null) {
            return List.of(unknown(action));
        }
        ActionSpec spec = handler.spec();
        List<String> problems = new ArrayList<>();
        if (spec.targetType() != null && !targetComputed && (target == null || target.isBlank())) {
            problems.add(spec.id() + " needs a target (" + spec.targetType() + " id or ARN)");
        }
        Map<String, Object> given = new LinkedHashMap<>(params);
        computed.forEach(k -> given.putIfAbsent(k, COMPUTED));
        for (String p : spec.validate(given, k -> given.get(k) != COMPUTED)) {
            if (complete || !p.startsWith("missing required parameter")) {
                problems.add(p);
            }
        }
        if (problems.isEmpty() && complete && computed.isEmpty() && !targetComputed) {
            problems.addAll(handler.check(new ActionCommand(action, target, params)));
        }
        return problems;
    }

    /** Stands for a value computed when the rule fires. */
    private static final Object COMPUTED = new Object();

    private String unknown(String id) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : byId.keySet()) {
            int d = known.startsWith(id) ? 0 : Strings.distance(id, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        boolean close = best != null && bestDistance <= Math.max(3, id.length() / 2);
        return "unknown action '" + id + "' ("
                + (close ? "did you mean '" + best + "'?" : "`riposte actions` lists the known ones") + ")";
    }
}
