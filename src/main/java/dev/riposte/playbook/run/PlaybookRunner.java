package dev.riposte.playbook.run;

import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.EventReport;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.playbook.PlannedStep;
import dev.riposte.playbook.Playbook;
import dev.riposte.playbook.PlaybookSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a playbook: expands the run against its triggering event, then carries the steps out in order through
 * the {@link Dispatcher} (so every step meets the guard rails). A step whose {@code when} is false is skipped; a
 * failed step ends the run unless it says {@code on-failure: continue} (the steps after it are recorded as
 * skipped); a step with {@code approval: required} pauses the run, which goes on when it is approved or declined.
 * A {@code rate-limited} step ends the run whatever it says (the steps after it are skipped, so they never run out of
 * order): the event comes back later and the run starts again, its finished steps deduplicated.
 * Public: the pipeline runs playbooks with it.
 */
public final class PlaybookRunner {
    private final Dispatcher dispatcher;
    private final Supplier<PlaybookSet> playbooks;

    public PlaybookRunner(Dispatcher dispatcher, Supplier<PlaybookSet> playbooks) {
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.playbooks = Objects.requireNonNull(playbooks);
    }

    /** What happened to one step: the command it became and the dispatcher's result. */
    public record StepOutcome(PlannedStep step, ActionCommand command, DispatchResult result, String approvedBy) {}

    /** A run paused before step {@code steps.get(next)}, which needs approval. */
    public record Waiting(
            String runId, String playbook, SecurityEvent event, boolean shadow, List<PlannedStep> steps, int next) {
        public Waiting {
            steps = List.copyOf(steps);
        }

        public PlannedStep step() {
            return steps.get(next);
        }

        public ActionCommand command() {
            return PlaybookRunner.command(step());
        }
    }

    /**
     * @param waiting non-null when the run paused for an approval
     * @param error   why the run could not start (unknown playbook, bad parameters), else null
     */
    public record Progress(String runId, String playbook, List<StepOutcome> steps, Waiting waiting, String error) {
        public Progress {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The event's investigation report as it stands after a run's steps so far, for a step whose action carries one
     * ({@code ActionHandler.carriesReport()}, e.g. a notification): given the run and its steps done, or null for none.
     */
    public interface StepReports {
        StepReports NONE = (runId, playbook, done) -> null;

        EventReport reportAfter(String runId, String playbook, List<StepOutcome> done);
    }

    public Progress start(PlaybookRun run, SecurityEvent event, boolean shadow) {
        return start(run, event, shadow, StepReports.NONE);
    }

    /** Starts {@code run}; its report-carrying steps get the report from {@code reports} (steps after an approval get none). */
    public Progress start(PlaybookRun run, SecurityEvent event, boolean shadow, StepReports reports) {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Playbook playbook = playbooks.get().find(run.playbook()).orElse(null);
        if (playbook == null) {
            return new Progress(
                    runId,
                    run.playbook(),
                    List.of(),
                    null,
                    "playbook '" + run.playbook() + "' is not loaded" + " (known: "
                            + String.join(
                                    ", ",
                                    playbooks.get().all().stream()
                                            .map(Playbook::id)
                                            .toList()) + ")");
        }
        List<PlannedStep> steps;
        try {
            steps = playbook.expand(RunFacts.of(event, run.target()), run.params());
        } catch (IllegalArgumentException e) {
            return new Progress(runId, run.playbook(), List.of(), null, e.getMessage());
        }
        return proceed(new Waiting(runId, playbook.id(), event, shadow, steps, 0), null, new ArrayList<>(), reports);
    }

    /** Runs the waiting step as approved by {@code who}, then the rest of the run. */
    public Progress approve(Waiting w, String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("an approval needs the approver's name");
        }
        return proceed(w, who, new ArrayList<>(), StepReports.NONE);
    }

    /** The waiting step is skipped ({@code why}: rejected by whom, or expired); the run goes on as after a failure. */
    public Progress decline(Waiting w, String why) {
        List<StepOutcome> done = new ArrayList<>();
        PlannedStep s = w.step();
        done.add(new StepOutcome(s, command(s), synthetic(w.shadow(), Outcome.SKIPPED, why), null));
        if (!s.continueOnFailure()) {
            stopRest(w, w.next() + 1, "run stopped: step " + s.number() + " was not approved", done);
            return new Progress(w.runId(), w.playbook(), done, null, null);
        }
        return proceed(
                new Waiting(w.runId(), w.playbook(), w.event(), w.shadow(), w.steps(), w.next() + 1),
                null,
                done,
                StepReports.NONE);
    }

    private Progress proceed(Waiting w, String approvedBy, List<StepOutcome> done, StepReports reports) {
        List<PlannedStep> steps = w.steps();
        for (int i = w.next(); i < steps.size(); i++) {
            PlannedStep s = steps.get(i);
            ActionCommand c = command(s);
            if (!s.selected()) {
                done.add(new StepOutcome(
                        s, c, synthetic(w.shadow(), Outcome.SKIPPED, "when is false: " + s.when()), null));
                continue;
            }
            if (s.error() != null) {
                done.add(new StepOutcome(s, c, synthetic(w.shadow(), Outcome.FAILED, s.error()), null));
                if (!s.continueOnFailure()) {
                    stopRest(w, i + 1, "run stopped: step " + s.number() + " failed", done);
                    break;
                }
                continue;
            }
            boolean approvedNow = i == w.next() && approvedBy != null;
            if (s.approval() && !approvedNow) {
                return new Progress(
                        w.runId(),
                        w.playbook(),
                        done,
                        new Waiting(w.runId(), w.playbook(), w.event(), w.shadow(), steps, i),
                        null);
            }
            EventReport report = dispatcher.catalogue().carriesReport(c.action())
                    ? reports.reportAfter(w.runId(), w.playbook(), List.copyOf(done))
                    : null;
            DispatchResult r = dispatcher.dispatch(c, w.event(), w.shadow(), report);
            done.add(new StepOutcome(s, c, r, approvedNow ? approvedBy : null));
            if (r.outcome() == Outcome.RATE_LIMITED) {
                stopRest(
                        w,
                        i + 1,
                        "run deferred: step " + s.number()
                                + " was rate-limited; it runs again when the event comes back",
                        done);
                break;
            }
            if (r.outcome() == Outcome.FAILED && !s.continueOnFailure()) {
                stopRest(w, i + 1, "run stopped: step " + s.number() + " failed", done);
                break;
            }
        }
        return new Progress(w.runId(), w.playbook(), done, null, null);
    }

    private void stopRest(Waiting w, int from, String why, List<StepOutcome> done) {
        for (int j = from; j < w.steps().size(); j++) {
            PlannedStep rest = w.steps().get(j);
            done.add(new StepOutcome(rest, command(rest), synthetic(w.shadow(), Outcome.SKIPPED, why), null));
        }
    }

    private DispatchResult synthetic(boolean shadow, Outcome outcome, String why) {
        return new DispatchResult(Mode.of(shadow, dispatcher.settings().dryRun()), outcome, List.of(), null, why, 0);
    }

    static ActionCommand command(PlannedStep s) {
        return new ActionCommand(s.action(), s.target(), s.params());
    }
}
