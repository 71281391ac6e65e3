package dev.riposte.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point. Only {@code serve} is a service: every other command runs with the HTTP server
 * and the SQS consumer switched off and Quarkus' own logging quiet, so {@code riposte normalize}
 * prints nothing but facts and a replay never opens a port.
 */
@QuarkusMain
public class RiposteMain implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        launchProperties(args).forEach(System::setProperty);
        Quarkus.run(RiposteMain.class, args);
    }

    /** System properties that a command line implies, set before Quarkus reads its configuration. */
    static Map<String, String> launchProperties(String... args) {
        if (serves(args)) {
            return Map.of();
        }
        return Map.of(
                "quarkus.http.host-enabled", "false",
                "quarkus.management.host-enabled", "false",
                "mp.messaging.incoming.events.enabled", "false",
                "quarkus.log.category.\"io.quarkus\".level", "WARN",
                "quarkus.banner.enabled", "false");
    }

    /**
     * True only for {@code serve} whose arguments parse and ask for no help: any other command line (including
     * {@code serve --help} and {@code serve --bogus}) must not open a port, even for the moment it takes to fail.
     */
    static boolean serves(String... args) {
        if (args.length == 0 || !"serve".equals(args[0])) {
            return false;
        }
        try {
            CommandLine.ParseResult parsed =
                    new CommandLine(new ServeCommand()).parseArgs(Arrays.copyOfRange(args, 1, args.length));
            return !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested();
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }

    /**
     * A command line that does not parse: what is wrong (for a bad value, what is accepted) and where to read more,
     * not the whole usage, which buries the one line that matters. Exit 2.
     */
    static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getParent() == null ? "" : " " + cmd.getCommandName();
        err.println("riposte" + name + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run 'riposte help" + name + "' for the options and an example.");
        err.flush();
        return 2;
    }

    /** A bad path or argument is a usage error (exit 2) with one line; anything else exits 1 with the reason. */
    static int onError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean usage = e instanceof IllegalArgumentException;
        cmd.getErr().println("riposte " + cmd.getCommandName() + ": " + (usage ? "" : "error: ") + e.getMessage());
        if (!usage && System.getenv("RIPOSTE_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return usage ? 2 : 1;
    }

    @Override
    public int run(String... args) {
        return new CommandLine(new RiposteCommand(), factory)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(RiposteMain::onError)
                .setParameterExceptionHandler(RiposteMain::onUsageError)
                .execute(args);
    }
}
