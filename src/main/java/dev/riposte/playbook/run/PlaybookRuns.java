package dev.riposte.playbook.run;

import dev.riposte.command.PlaybookRun;
import dev.riposte.fact.SecurityEvent;
import java.util.Objects;
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
    public record Continued(Approvals.Pending decided, PlaybookRunner.Progress progress, Approvals.Pending parked) {}

    /** Starts {@code run} for {@code event} (started by {@code rule}, the event from {@code origin}). */
    public Continued start(
            PlaybookRun run,
            SecurityEvent event,
            boolean shadow,
            PlaybookRunner.StepReports reports,
            String rule,
            String origin) {
        return park(null, runner.start(run, event, shadow, reports), rule, origin);
    }

    /**
     * The answer to an operator: the decision, and the run as it went on when this replica carried the step out at once.
     *
     * @param carriedOut null when the decision was refused, or when the replica that owns the rules carries it out
     */
    public record Answer(Approvals.Decision decision, Continued carriedOut) {}

    /**
     * Records an operator's decision on waiting step {@code id}; when {@code carryOut} (this replica owns the rules), the
     * step then runs (approved) or is skipped (rejected), and the rest of its run after it, as after a failed step.
     */
    public synchronized Answer decide(String id, boolean approve, String who, boolean carryOut) {
        Approvals.Decision d = approvals.decide(id, approve, who);
        if (!d.recorded() || !carryOut) {
            return new Answer(d, null);
        }
        return new Answer(d, approvals.claimNow(d).map(this::carryOut).orElse(null));
    }

    /**
     * Carries out the steps decided on any replica and those whose time ran out (skipped), each once; each run goes to
     * {@code done} as soon as it has gone on. Only the owner of the rules calls this.
     */
    public synchronized void carryOutDecided(Consumer<Continued> done) {
        for (Approvals.Decided d : approvals.decided()) {
            if (approvals.claim(d.pending().id())) {
                done.accept(carryOut(d));
            }
        }
    }

    private Continued carryOut(Approvals.Decided d) {
        Approvals.Pending p = d.pending();
        PlaybookRunner.Progress progress = switch (d.decision()) {
            case APPROVED -> runner.approve(p.waiting(), d.by());
            case REJECTED -> runner.decline(p.waiting(), "approval " + p.id() + " rejected by " + d.by());
            case EXPIRED, PENDING -> runner.decline(p.waiting(), "approval " + p.id() + " expired at " + p.expires());
        };
        Continued c = park(p, progress, p.rule(), p.origin());
        approvals.done(p.id());
        return c;
    }

    private Continued park(Approvals.Pending decided, PlaybookRunner.Progress progress, String rule, String origin) {
        Approvals.Pending parked = progress.waiting() == null ? null : approvals.add(progress.waiting(), rule, origin);
        return new Continued(decided, progress, parked);
    }
}
