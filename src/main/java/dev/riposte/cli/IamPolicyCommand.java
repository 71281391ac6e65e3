package dev.riposte.cli;

import dev.riposte.aws.investigate.InvestigationStep;
import dev.riposte.aws.tags.AwsTagReader;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.ReachableActions;
import dev.riposte.pipeline.RuleLoading;
import io.quarkus.arc.All;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The least-privilege policy for what the loaded rules can set off: their own actions and the steps of the playbooks
 * they start ({@link ReachableActions}), as statement {@code RiposteActions}. Playbooks no rule starts are left out; a
 * rule naming a playbook that is not loaded is an error, like an unknown action (the policy would be too small).
 * Statement {@code RiposteReads} holds the read-only calls Riposte makes around the actions: the exempt-tag check
 * before every live mutating command, and the investigation steps while {@code riposte.investigate.enabled}. The IAM
 * writes are split out of {@code RiposteActions} into statements narrowed to one account's users and roles and, for
 * attaching policies, to AWSDenyAll ({@link PolicyScopes}).
 */
@Command(
        name = "iam-policy",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Example:",
            "  riposte iam-policy --rules my-rules/ --account 111122223333 > responder-policy.json"
        },
        description =
                "Print the least-privilege IAM policy (JSON) for the actions the loaded rules and the playbooks they start can reach.")
class IamPolicyCommand extends PrintingCommand {
    @Mixin
    RuleOptions options;

    @Option(
            names = "--account",
            paramLabel = "ID",
            defaultValue = "*",
            description =
                    "the account the responder role is in: the IAM users and roles Riposte may change are this account's (default: any)")
    String account;

    @Inject
    Components components;

    @Inject
    @All
    List<InvestigationStep> investigationSteps;

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        ReachableActions reachable = ReachableActions.of(
                RuleLoading.files(options.rules), RuleLoading.playbooks(options.playbooks, components.catalogue()));
        reachable.warnings().forEach(w -> err.println("warning: " + w));
        if (!reachable.unknownPlaybooks().isEmpty()) {
            err.println("unknown playbook in the rules: " + String.join(", ", reachable.unknownPlaybooks())
                    + ": run `riposte validate`");
            return 1;
        }
        SortedSet<String> permissions = new TreeSet<>();
        SortedSet<String> reads = new TreeSet<>();
        for (String id : reachable.actions()) {
            Optional<ActionHandler> h = components.catalogue().find(id);
            if (h.isEmpty()) {
                err.println("unknown action '" + id + "' in the rules or playbooks: run `riposte validate`");
                return 1;
            }
            permissions.addAll(h.get().spec().permissions());
            if (h.get().spec().mutating()) {
                reads.addAll(AwsTagReader.PERMISSIONS);
            }
        }
        if (components.config().investigate().enabled()) {
            investigationSteps.forEach(s -> reads.addAll(s.permissions()));
        }
        if (!account.equals("*") && !account.matches("\\d{12}")) {
            throw new IllegalArgumentException("--account: expected a 12-digit AWS account id, got '" + account + "'");
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        List<Map<String, Object>> statements = new ArrayList<>(PolicyScopes.statements(permissions, account));
        if (!reads.isEmpty()) {
            statements.add(PolicyScopes.statement("RiposteReads", reads, "*"));
        }
        policy.put("Statement", statements);
        out.println(components.json().writerWithDefaultPrettyPrinter().writeValueAsString(policy));
        return 0;
    }
}
