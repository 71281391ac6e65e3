package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.command.PlaybookRun;
import dev.riposte.decision.Outcome;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.playbook.run.PlaybookRunner;
import dev.riposte.playbook.run.PlaybookRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The audit records of playbook runs ({@link PlaybookRuns} starts them and carries out their approvals): one record per
 * step, and one for a step parked for approval. Returns the records; the caller writes them.
 */
final class PlaybookSteps {
    private final PlaybookRuns runs;
    private final boolean dryRun;

    PlaybookSteps(PlaybookRuns runs, boolean dryRun) {
        this.runs = runs;
        this.dryRun = dryRun;
    }

    Approvals approvals() {
        return runs.approvals();
    }

    /** Starts {@code p}: one record per step carried out, or one {@code failed} record when the run cannot start. */
    List<AuditRecord> start(
            PlaybookRun p, AuditRecords.Decision d, boolean shadow, PlaybookRunner.StepReports stepReports) {
        PlaybookRuns.Continued c = runs.start(p, d.event(), shadow, stepReports, d.rule(), d.origin());
        if (c.progress().error() != null) {
            return List.of(d.undispatched(
                    "playbook:" + p.playbook(),
                    p.target(),
                    p.params(),
                    AuditRecords.mode(shadow, dryRun),
                    Outcome.FAILED,
                    c.progress().error(),
                    null));
        }
        return records(c, d);
    }

    static AuditRecord stepRecord(
            PlaybookRunner.StepOutcome s, String runId, String playbook, AuditRecords.Decision d) {
        return d.dispatched(
                s.command().action(),
                s.command().target(),
                s.command().params(),
                s.result(),
                AuditRecords.run(playbook, runId, s.step().number(), s.step().name(), s.approvedBy()));
    }

    /** One record per step under the run; a run paused for approval says which approval it waits for. */
    private List<AuditRecord> records(PlaybookRuns.Continued c, AuditRecords.Decision d) {
        PlaybookRunner.Progress progress = c.progress();
        List<AuditRecord> out = new ArrayList<>();
        for (PlaybookRunner.StepOutcome s : progress.steps()) {
            out.add(stepRecord(s, progress.runId(), progress.playbook(), d));
        }
        Approvals.Pending pending = c.parked();
        if (pending != null) {
            PlaybookRunner.Waiting w = pending.waiting();
            Map<String, Object> run = AuditRecords.run(
                    w.playbook(), w.runId(), w.step().number(), w.step().name(), null);
            run.put("approval", pending.id());
            out.add(d.undispatched(
                    w.step().action(),
                    w.step().target(),
                    w.step().params(),
                    AuditRecords.mode(w.shadow(), dryRun),
                    Outcome.SKIPPED,
                    "awaiting approval " + pending.id() + " until " + pending.expires(),
                    run));
        }
        return out;
    }

    /**
     * Records an operator's decision; with {@code carryOut} (this replica owns the rules) the step is carried out at once
     * and the records are those of its run going on.
     */
    StepDecision decide(String id, boolean approve, String who, boolean carryOut, String version) {
        PlaybookRuns.Answer a = runs.decide(id, approve, who, carryOut);
        Approvals.Decision d = a.decision();
        return new StepDecision(
                d.refused(),
                d.known(),
                a.carriedOut() != null,
                a.carriedOut() == null ? List.of() : records(a.carriedOut(), version));
    }

    /** Carries out the decided and expired steps; each run's records go to {@code write} as that run goes on. */
    List<AuditRecord> carryOut(String version, Consumer<AuditRecord> write) {
        List<AuditRecord> out = new ArrayList<>();
        runs.carryOutDecided(c -> {
            List<AuditRecord> records = records(c, version);
            records.forEach(write);
            out.addAll(records);
        });
        return out;
    }

    private List<AuditRecord> records(PlaybookRuns.Continued c, String version) {
        Approvals.Pending p = c.decided();
        return records(c, new AuditRecords.Decision(p.waiting().event(), p.rule(), version, p.origin()));
    }
}
