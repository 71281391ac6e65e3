package dev.riposte.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
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

    @Mixin
    FormatOption output;
}
