package dev.riposte.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "riposte",
        mixinStandardHelpOptions = true,
        version = "riposte 0.1.0",
        description = "Automated investigation of and response to security events on AWS.",
        subcommands = {
            ServeCommand.class,
            ReplayCommand.class,
            ValidateCommand.class,
            TestCommand.class,
            NormalizeCommand.class,
            ActionsCommand.class,
            IamPolicyCommand.class,
            BreakerCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'riposte help COMMAND' or 'riposte COMMAND --help' for a command's options and an example."})
class RiposteCommand {}
