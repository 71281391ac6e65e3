package dev.riposte.playbook;

import java.util.List;
import java.util.Map;

/**
 * What the playbook loader asks about the actions steps name; the dispatcher's action catalogue answers
 * (this package knows no action). Public: implemented in dispatch.
 */
@FunctionalInterface
public interface ActionRules {

    /**
     * Problems with a step's action id and parameters: an unknown action (with a hint), unknown or missing
     * parameters. Parameter values may still hold {@code ${...}} references, so types are checked only on
     * literal values. Empty when fine.
     */
    List<String> check(String action, Map<String, Object> params);

    /** Accepts any action: for reading playbooks where no catalogue is at hand. */
    static ActionRules any() {
        return (action, params) -> List.of();
    }
}
