package dev.riposte.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.pipeline.Components;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "actions",
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  riposte actions --format json"},
        description = "List the action catalogue: id, description, parameters, IAM permissions, dry-run support.")
class ActionsCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text")
    RuleOptions.Format format;

    @Spec
    CommandSpec spec;

    @Inject
    Components components;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<ActionSpec> specs = components.catalogue().specs();
        if (format == RuleOptions.Format.json) {
            // parameter types as "string", "int"... (ParamSpec.Type#toString)
            out.println(components
                    .json()
                    .writer(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                    .withDefaultPrettyPrinter()
                    .writeValueAsString(specs));
        } else {
            for (ActionSpec a : specs) {
                out.printf("%s%s%n  %s%n", a.id(), a.mutating() ? "" : "  (read-only)", a.description());
                out.printf("  target: %s%n", a.targetType() == null ? "-" : a.targetType());
                for (ParamSpec p : a.params()) {
                    out.printf(
                            "  param %s: %s%s  %s%n",
                            p.name(), p.type(), p.required() ? " (required)" : "", p.description());
                }
                out.printf("  iam: %s%n", String.join(", ", a.permissions()));
                out.printf("  dry-run: exact plan%s%n%n", a.awsDryRun() ? " + AWS DryRun validation" : "");
            }
        }
        out.flush();
        return 0;
    }
}
