package dev.riposte.dispatch;

/**
 * How the dispatcher runs. Public: the CLI and the CDI producer build it from configuration.
 *
 * @param dryRun          {@code riposte.dry-run} (default true): plan only, never mutate
 * @param validateWithAws {@code riposte.dry-run.validate}: in dry-run, also ask AWS with {@code DryRun=true} where the API supports it
 */
public record DispatchSettings(boolean dryRun, boolean validateWithAws) {

    /** The safe default: dry-run, no calls to AWS at all. */
    public static DispatchSettings defaults() {
        return new DispatchSettings(true, false);
    }
}
