package dev.riposte.playbook.run;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.playbook.ActionRules;
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
        // a ${...} reference is only resolved per run: its type cannot be checked here
        return handler.get().spec().validate(params, k -> !(params.get(k) instanceof String s && s.contains("${")));
    }
}
