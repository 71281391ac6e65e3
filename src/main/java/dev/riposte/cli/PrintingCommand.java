package dev.riposte.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that prints to picocli's writers (the tests capture them, {@link RiposteMain} sets them up) and flushes
 * them when it returns, whichever way.
 */
abstract class PrintingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Does the command's work; its exit code (0 done, 1 a finding such as a problem or a difference, 2 bad usage). */
    abstract int run(PrintWriter out, PrintWriter err) throws Exception;
}
