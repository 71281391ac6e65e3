package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.command.PlaybookRun;
import dev.riposte.dispatch.PlaybookRunner;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.Approvals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Playbook runs and their approvals: starts a run, parks a step marked {@code approval: required} in {@link Approvals},
 * and goes on with the run when that step is approved, rejected or expires. Returns the records; the caller writes them.
 */
final class PlaybookSteps {
    private final PlaybookRunner runner;
    private final Approvals approvals;
    private final boolean dryRun;

    PlaybookSteps(PlaybookRunner runner, Approvals approvals, boolean dryRun) {
        this.runner = runner;
        this.approvals = approvals;
        this.dryRun = dryRun;
    }

    Approvals approvals() {
        return approvals;
    }

    /** Starts {@code p}: one record per step carried out, or one {@code failed} record when the run cannot start. */
    List<AuditRecord> start(PlaybookRun p, AuditRecords.Decision d, boolean shadow, PlaybookRunner.StepReports stepReports) {
        PlaybookRunner.Progress progress = runner.start(p, d.event(), shadow, stepReports);
        if (progress.error() != null) {
            return List.of(d.undispatched("playbook:" + p.playbook(), p.target(), p.params(),
                    AuditRecords.mode(shadow, dryRun), "failed", progress.error(), null));
        }
        return records(progress, d);
    }

    static AuditRecord stepRecord(PlaybookRunner.StepOutcome s, String runId, String playbook, AuditRecords.Decision d) {
        return d.dispatched(s.command().action(), s.command().target(), s.command().params(), s.result(),
                AuditRecords.run(playbook, runId, s.step().number(), s.step().name(), s.approvedBy()));
    }

    /** One record per step under the run; a run paused for approval parks its step and says so. */
    private List<AuditRecord> records(PlaybookRunner.Progress progress, AuditRecords.Decision d) {
        List<AuditRecord> out = new ArrayList<>();
        for (PlaybookRunner.StepOutcome s : progress.steps()) {
            out.add(stepRecord(s, progress.runId(), progress.playbook(), d));
        }
        PlaybookRunner.Waiting w = progress.waiting();
        if (w != null) {
            Approvals.Pending pending = approvals.add(w, d.rule(), d.origin());
            Map<String, Object> run = AuditRecords.run(w.playbook(), w.runId(), w.step().number(), w.step().name(), null);
            run.put("approval", pending.id());
            out.add(d.undispatched(w.step().action(), w.step().target(), w.step().params(), AuditRecords.mode(w.shadow(), dryRun),
                    "skipped", "awaiting approval " + pending.id() + " until " + pending.expires(), run));
        }
        return out;
    }

    /** Approves a waiting step: it runs now, and the rest of its run after it; empty when no step {@code id} is waiting. */
    Optional<List<AuditRecord>> approve(String id, String who, String version) {
        return approvals.take(id).map(p -> finish(p, runner.approve(p.waiting(), who), version));
    }

    /** Rejects a waiting step: it is skipped, and its run goes on as after a failed step. */
    Optional<List<AuditRecord>> reject(String id, String who, String version) {
        return approvals.take(id).map(p -> finish(p, runner.decline(p.waiting(), "approval " + p.id() + " rejected by " + who),
                version));
    }

    /** Skips the waiting steps whose time ran out; each run's records go to {@code write} as that run goes on. */
    List<AuditRecord> expire(String version, Consumer<AuditRecord> write) {
        List<AuditRecord> out = new ArrayList<>();
        for (Approvals.Pending p : approvals.expire()) {
            List<AuditRecord> records = finish(p, runner.decline(p.waiting(), "approval " + p.id() + " expired at " + p.expires()),
                    version);
            records.forEach(write);
            out.addAll(records);
        }
        return out;
    }

    private List<AuditRecord> finish(Approvals.Pending p, PlaybookRunner.Progress progress, String version) {
        return records(progress, new AuditRecords.Decision(p.waiting().event(), p.rule(), version, p.origin()));
    }
}
