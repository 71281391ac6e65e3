package dev.riposte.dispatch;

import dev.riposte.command.ActionCommand;
import dev.riposte.playbook.ActionRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets the playbook loader check steps against the action catalogue: unknown actions (with the nearest id),
 * unknown and missing parameters, and the types of literal values (a {@code ${...}} value is only known per run).
 * Public: the pipeline and the CLI load playbooks with it.
 */
public final class CatalogueActionRules implements ActionRules {
    private final ActionCatalogue catalogue;

    public CatalogueActionRules(ActionCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public List<String> check(String action, Map<String, Object> params) {
        var handler = catalogue.find(action);
        if (handler.isEmpty()) {
            return catalogue.validate(ActionCommand.of(action, null));
        }
        List<String> problems = new ArrayList<>();
        for (String p : handler.get().spec().validate(params)) {
            if (!templatedTypeProblem(p, params)) {
                problems.add(p);
            }
        }
        return problems;
    }

    /** "parameter 'x' of ... must be int" is not known yet when x is a reference. */
    private static boolean templatedTypeProblem(String problem, Map<String, Object> params) {
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (problem.startsWith("parameter '" + e.getKey() + "' of ") && e.getValue() instanceof String s && s.contains("${")) {
                return true;
            }
        }
        return false;
    }
}
