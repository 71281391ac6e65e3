package dev.riposte.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that load rules (README, "Commands"). */
class RuleOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "rules folder; replaces the built-in rules")
    Path rules;

    @Option(
            names = "--playbooks",
            paramLabel = "DIR",
            description = "playbooks folder; replaces the built-in playbooks")
    Path playbooks;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "output format: ${COMPLETION-CANDIDATES}")
    Format format;

    enum Format {
        text,
        json
    }
}
