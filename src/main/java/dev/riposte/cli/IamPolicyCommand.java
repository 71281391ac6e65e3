package dev.riposte.cli;

import dev.riposte.dispatch.ActionHandler;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.ReachableActions;
import dev.riposte.pipeline.RuleLoading;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The least-privilege policy for what the loaded rules can set off: their own actions and the steps of the playbooks
 * they start ({@link ReachableActions}). Playbooks no rule starts are left out; a rule naming a playbook that is not
 * loaded is an error, like an unknown action (the policy would be too small).
 */
@Command(name = "iam-policy", description = "Print the least-privilege IAM policy (JSON) for the actions the loaded rules and the playbooks they start can reach.")
class IamPolicyCommand implements Callable<Integer> {
    @Mixin
    RuleOptions options;

    @Spec
    CommandSpec spec;

    @Inject
    Components components;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReachableActions reachable = ReachableActions.of(RuleLoading.files(options.rules),
                RuleLoading.playbooks(options.playbooks, components.catalogue()));
        reachable.warnings().forEach(w -> err.println("warning: " + w));
        if (!reachable.unknownPlaybooks().isEmpty()) {
            err.println("unknown playbook in the rules: " + String.join(", ", reachable.unknownPlaybooks())
                    + ": run `riposte validate`");
            err.flush();
            return 1;
        }
        SortedSet<String> permissions = new TreeSet<>();
        for (String id : reachable.actions()) {
            Optional<ActionHandler> h = components.catalogue().find(id);
            if (h.isEmpty()) {
                err.println("unknown action '" + id + "' in the rules or playbooks: run `riposte validate`");
                err.flush();
                return 1;
            }
            permissions.addAll(h.get().spec().permissions());
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "RiposteActions");
        statement.put("Effect", "Allow");
        statement.put("Action", List.copyOf(permissions));
        statement.put("Resource", "*");
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", permissions.isEmpty() ? List.of() : List.of(statement));
        out.println(components.json().writerWithDefaultPrettyPrinter().writeValueAsString(policy));
        out.flush();
        err.flush();
        return 0;
    }
}
