package dev.riposte.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.BreakerStatus;
import dev.riposte.text.Human;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code riposte breaker status|reset}: reads and resets the blast-radius breaker's state under
 * {@code riposte.state.dir}; a running {@code serve} sees a reset at its next mutating command.
 */
@Command(
        name = "breaker",
        mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  riposte breaker status", "  riposte breaker reset --by alice"},
        description = "Show (status) or reset (reset) the blast-radius breaker kept under riposte.state.dir.")
class BreakerCommand extends PrintingCommand {
    enum Verb {
        status,
        reset
    }

    @Parameters(index = "0", paramLabel = "status|reset", description = "${COMPLETION-CANDIDATES}")
    Verb verb;

    @Option(names = "--by", paramLabel = "NAME", description = "who resets it, for the record (default: the OS user)")
    String by;

    @Mixin
    FormatOption output;

    @Inject
    Breaker breaker;

    @Inject
    ObjectMapper json;

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        BreakerStatus s = verb == Verb.reset
                ? breaker.reset(by != null ? by : "cli:" + System.getProperty("user.name"))
                : breaker.status();
        if (output.json()) {
            out.println(json.writeValueAsString(s));
        } else {
            out.printf("breaker %s%s%n", s.open() ? "OPEN" : "closed", s.open() ? ": " + s.reason() : "");
            s.openAccounts().forEach((a, why) -> out.printf("  account %s open: %s%n", a, why));
            out.printf(
                    "  %d of %d live mutating actions in the last %s (per account: %d)%n",
                    s.recent(), s.limit(), Human.duration(Duration.parse(s.window())), s.perAccountLimit());
            out.printf("  %d parked since it opened (%s)%n", s.parked(), s.parkedFile());
            if (s.lastReset() != null) {
                out.printf(
                        "  last reset by %s at %s%n",
                        s.lastReset().get("by"), s.lastReset().get("at"));
            }
        }
        return 0;
    }
}
