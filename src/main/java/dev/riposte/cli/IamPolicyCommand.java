package dev.riposte.cli;

import dev.riposte.dispatch.ActionHandler;
import dev.riposte.pipeline.Components;
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

@Command(name = "iam-policy", description = "Print the least-privilege IAM policy (JSON) for the actions reachable from the loaded rules.")
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
        SortedSet<String> actions = RuleLoading.actionsUsed(RuleLoading.files(options.rules));
        SortedSet<String> permissions = new TreeSet<>();
        for (String id : actions) {
            Optional<ActionHandler> h = components.catalogue().find(id);
            if (h.isEmpty()) {
                spec.commandLine().getErr().println("unknown action '" + id + "' in the rules: run `riposte validate`");
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
        return 0;
    }
}
