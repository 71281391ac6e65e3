package dev.riposte.playbook.run;

import dev.riposte.command.PlaybookRun;
import dev.riposte.fact.SecurityEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Playbook runs and their approvals: starts a run, parks a step marked {@code approval: required} in {@link Approvals},
 * and goes on with the run when that step is approved, rejected or expires. Says what happened; the pipeline audits it.
 * Public: the pipeline runs playbooks through it.
 */
public final class PlaybookRuns {
    private final PlaybookRunner runner;
    private final Approvals approvals;

    public PlaybookRuns(PlaybookRunner runner, Approvals approvals) {
        this.runner = Objects.requireNonNull(runner);
        this.approvals = Objects.requireNonNull(approvals);
    }

    public Approvals approvals() {
        return approvals;
    }

    /**
     * What a run did in one go.
     *
     * @param decided  the approval whose decision continued the run; null when the run has just started
     * @param progress the steps carried out, or why the run could not start
     * @param parked   the approval the run now waits for; null when it did not pause
     */
    public record Continued(Approvals.Pending decided, PlaybookRunner.Progress progress, Approvals.Pending parked) {
    }

    /** Starts {@code run} for {@code event} (started by {@code rule}, the event from {@code origin}). */
    public Continued start(PlaybookRun run, SecurityEvent event, boolean shadow, PlaybookRunner.StepReports reports, String rule,
                           String origin) {
        return park(null, runner.start(run, event, shadow, reports), rule, origin);
    }

    /** Approves a waiting step: it runs now, and the rest of its run after it; empty when no step {@code id} is waiting. */
    public Optional<Continued> approve(String id, String who) {
        return approvals.take(id).map(p -> park(p, runner.approve(p.waiting(), who), p.rule(), p.origin()));
    }

    /** Rejects a waiting step: it is skipped, and its run goes on as after a failed step. */
    public Optional<Continued> reject(String id, String who) {
        return approvals.take(id).map(p -> park(p, runner.decline(p.waiting(), "approval " + p.id() + " rejected by " + who),
                p.rule(), p.origin()));
    }

    /** Skips the waiting steps whose time ran out; each run goes to {@code done} as soon as it has gone on. */
    public void expire(Consumer<Continued> done) {
        for (Approvals.Pending p : approvals.expire()) {
            done.accept(park(p, runner.decline(p.waiting(), "approval " + p.id() + " expired at " + p.expires()), p.rule(),
                    p.origin()));
        }
    }

    private Continued park(Approvals.Pending decided, PlaybookRunner.Progress progress, String rule, String origin) {
        Approvals.Pending parked = progress.waiting() == null ? null : approvals.add(progress.waiting(), rule, origin);
        return new Continued(decided, progress, parked);
    }
}
