package dev.riposte.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actions the built-in playbooks use, with the parameters each takes: a stand-in for the catalogue in
 * this package's tests (the catalogue itself checks them in CatalogueActionRulesTest and `riposte validate`).
 */
final class KnownActions implements ActionRules {
    static final Map<String, Set<String>> PARAMS = Map.ofEntries(
            Map.entry("ec2:snapshot-volumes", Set.of("reason")),
            Map.entry("ec2:tag-resource", Set.of("tags", "reason")),
            Map.entry("ec2:enable-termination-protection", Set.of("reason")),
            Map.entry("ec2:detach-from-autoscaling", Set.of("reason")),
            Map.entry("ec2:isolate-instance", Set.of("reason")),
            Map.entry("ec2:revoke-open-ingress", Set.of("ports", "reason")),
            Map.entry("iam:deactivate-access-key", Set.of("userName", "reason")),
            Map.entry("iam:revoke-role-sessions", Set.of("reason")),
            Map.entry("iam:attach-deny-all-policy", Set.of("reason")),
            Map.entry("s3:block-public-access", Set.of("reason")),
            Map.entry("s3:remove-public-policy-statements", Set.of("reason")),
            Map.entry("cloudtrail:start-logging", Set.of("reason")),
            Map.entry("notify:log", Set.of("message", "level")));

    @Override
    public List<String> check(String action, Map<String, Object> params) {
        Set<String> known = PARAMS.get(action);
        if (known == null) {
            return List.of("unknown action '" + action + "'");
        }
        List<String> problems = new ArrayList<>();
        for (String p : params.keySet()) {
            if (!known.contains(p)) {
                problems.add("unknown parameter '" + p + "' for " + action);
            }
        }
        return problems;
    }
}
