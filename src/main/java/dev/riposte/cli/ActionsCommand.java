package dev.riposte.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.pipeline.Components;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "actions",
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  riposte actions --format json"},
        description = "List the action catalogue: id, description, parameters, IAM permissions, dry-run support.")
class ActionsCommand extends PrintingCommand {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text")
    FormatOption.Format format;

    @Inject
    Components components;

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        List<ActionSpec> specs = components.catalogue().specs();
        if (format == FormatOption.Format.json) {
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
        return 0;
    }
}
