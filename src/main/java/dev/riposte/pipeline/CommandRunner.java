package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.EventReport;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.playbook.run.PlaybookRunner;
import dev.riposte.rules.Evaluation;
import dev.riposte.rules.Firing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Carries out what the rules decided: each firing's command through the dispatcher (or a playbook run), in an order
 * that lets notifications carry the event's investigation report, and firings that came due as time passed kept
 * when the rate limits hold them back. Returns the records; the caller writes them.
 */
final class CommandRunner {
    private static final Logger LOG = Logger.getLogger(CommandRunner.class);
    private final Dispatcher dispatcher;
    private final PlaybookSteps playbooks;
    private final InvestigationReports reports; // null: none
    private final boolean dryRun;
    // firings that came due as time passed and were rate-limited: the next tick carries them out again
    private final List<Firing> heldBack = new ArrayList<>();
    private final OnceWindows once = new OnceWindows();
    private volatile Consumer<Firing> carriedOutDue = f -> {};

    CommandRunner(Dispatcher dispatcher, PlaybookSteps playbooks, InvestigationReports reports, boolean dryRun) {
        this.dispatcher = dispatcher;
        this.dryRun = dryRun;
        this.playbooks = playbooks;
        this.reports = reports;
    }

    /** {@code listener} hears of every firing that came due as time passed once it was carried out (the journal). */
    void onCarriedOutDue(Consumer<Firing> listener) {
        this.carriedOutDue = listener;
    }

    /**
     * Carries out the firings' commands in firing order, in two rounds when the event gets a report: first every
     * command but those that carry the report on (notifications, forwarding: {@code ActionHandler.carriesReport()}),
     * then those, with the report as it stands after the first round (written first, so its path resolves). So a
     * notification always reports the outcomes of the event's other actions, whatever order the rules fired in.
     * The records link the event's final report when one is due.
     */
    List<AuditRecord> decide(
            SecurityEvent e, Evaluation evaluation, String version, String origin, List<Object> context) {
        List<AuditRecord> out = new ArrayList<>();
        if (!anyAbout(evaluation.firings(), e)) {
            out.add(new AuditRecords.Decision(e, null, version, origin)
                    .undispatched(
                            null, null, Map.of(), AuditRecords.mode(false, dryRun), Outcome.NO_MATCH, null, null));
        }
        InvestigationReports r = reports;
        boolean reported =
                r != null && (!context.isEmpty() || !evaluation.rulesFired().isEmpty());
        List<Firing> carryingReport = new ArrayList<>();
        for (Firing f : evaluation.firings()) {
            if (about(f, e) != e) {
                // came due while this event was evaluated (e.g. a "not ... after" whose window closed): audited against
                // the event it is about, without this event's origin, investigation or report
                out.addAll(carryOutDue(f, version));
            } else if (reported
                    && f.command() instanceof ActionCommand c
                    && dispatcher.catalogue().carriesReport(c.action())) {
                carryingReport.add(f);
            } else {
                // a playbook's own notification step reports the event's actions so far and the run's earlier steps
                AuditRecords.Decision d = new AuditRecords.Decision(e, f.rule(), version, origin);
                PlaybookRunner.StepReports steps = !reported
                        ? PlaybookRunner.StepReports.NONE
                        : (runId, playbook, done) -> {
                            List<AuditRecord> so = new ArrayList<>(out);
                            done.forEach(s -> so.add(PlaybookSteps.stepRecord(s, runId, playbook, d)));
                            return reportSoFar(r, e, context, evaluation.rulesFired(), so);
                        };
                out.addAll(carryOut(f, d, null, steps));
            }
        }
        if (!carryingReport.isEmpty()) {
            EventReport report = reportSoFar(r, e, context, evaluation.rulesFired(), out);
            for (Firing f : carryingReport) {
                out.addAll(carryOut(
                        f,
                        new AuditRecords.Decision(e, f.rule(), version, origin),
                        report,
                        PlaybookRunner.StepReports.NONE));
            }
        }
        return withReport(e, context, evaluation.rulesFired(), out);
    }

    /**
     * Carries out firings that came due as time passed (the rules' tick), after those held back on an earlier tick,
     * each audited against the event it is about.
     */
    List<AuditRecord> due(List<Firing> firings, String version) {
        List<Firing> due;
        synchronized (heldBack) {
            due = new ArrayList<>(heldBack);
            heldBack.clear();
        }
        // a warm-up (hot reload) finds again what this runner still holds back: carried out once
        Set<List<Object>> held = new HashSet<>();
        for (Firing f : due) {
            held.add(sameFiring(f));
        }
        for (Firing f : firings) {
            if (!held.contains(sameFiring(f))) {
                due.add(f);
            }
        }
        List<AuditRecord> out = new ArrayList<>();
        for (Firing f : due) {
            if (f.about() == null) {
                LOG.errorf(
                        "rule %s fired on the timer tick without matching an event;"
                                + " its command %s has no event to be audited against and is not carried out",
                        f.rule(), f.command());
                continue;
            }
            out.addAll(carryOutDue(f, version));
        }
        return out;
    }

    /** What makes two firings the same: the rule, the event it is about, the command. */
    private static List<Object> sameFiring(Firing f) {
        return Arrays.asList(f.rule(), f.about() == null ? null : f.about().id(), f.command());
    }

    /** A loop, not a stream: replay calls this for every event. */
    private static boolean anyAbout(List<Firing> firings, SecurityEvent e) {
        for (Firing f : firings) {
            if (about(f, e) == e) {
                return true;
            }
        }
        return false;
    }

    /** The event a firing is audited against: the one it is about, or the evaluated one when it matched no event. */
    private static SecurityEvent about(Firing f, SecurityEvent evaluated) {
        return f.about() == null ? evaluated : f.about();
    }

    /**
     * Carries out a firing that came due as time passed, audited against the event it is about. Nothing brings such a
     * firing back (no message is redelivered for it, and the rule will not fire again), so when the rate limits hold
     * it back it is kept and carried out again on the next tick.
     */
    private List<AuditRecord> carryOutDue(Firing f, String version) {
        Object outerId = EventMdc.enter(f.about().id());
        try {
            List<AuditRecord> records = carryOut(
                    f,
                    new AuditRecords.Decision(f.about(), f.rule(), version, null),
                    null,
                    PlaybookRunner.StepReports.NONE);
            for (AuditRecord r : records) {
                if (r.outcome() == Outcome.RATE_LIMITED) {
                    synchronized (heldBack) {
                        heldBack.add(f);
                    }
                    return records;
                }
            }
            carriedOutDue.accept(f);
            return records;
        } finally {
            EventMdc.restore(outerId);
        }
    }

    private List<AuditRecord> carryOut(
            Firing f, AuditRecords.Decision d, EventReport report, PlaybookRunner.StepReports stepReports) {
        boolean shadow = "shadow".equals(f.mode());
        if (f.command() instanceof ActionCommand c) {
            if (c.once() != null) {
                String held = once.holdBack(
                        f.rule(), c.once(), d.event().time(), d.event().id());
                if (held != null) {
                    return List.of(d.undispatched(
                            c.action(),
                            c.target(),
                            c.params(),
                            AuditRecords.mode(shadow, dryRun),
                            Outcome.SKIPPED,
                            held,
                            null));
                }
            }
            DispatchResult r = dispatcher.dispatch(c, d.event(), shadow, report);
            if (c.once() != null && r.outcome() == Outcome.RATE_LIMITED) {
                once.release(f.rule(), c.once(), d.event().id()); // deferred: it acts when it comes back
            }
            return List.of(d.dispatched(c.action(), c.target(), c.params(), r, null));
        }
        if (f.command() instanceof PlaybookRun p) {
            return playbooks.start(p, d, shadow, stepReports);
        }
        return List.of();
    }

    /** The report after the first round, written so its path resolves; null (the actions then carry none) if that fails. */
    private static EventReport reportSoFar(
            InvestigationReports r,
            SecurityEvent e,
            List<Object> context,
            List<String> fired,
            List<AuditRecord> records) {
        try {
            EventReport report = r.render(e, context, fired, records);
            r.write(report);
            return report;
        } catch (RuntimeException ex) {
            LOG.errorf("investigation report for %s not written: %s", e.id(), ex.getMessage());
            return null;
        }
    }

    /** Writes the investigation report when one is due; a report that cannot be written is logged, never fatal. */
    private List<AuditRecord> withReport(
            SecurityEvent e, List<Object> context, List<String> fired, List<AuditRecord> records) {
        if (reports == null || (context.isEmpty() && fired.isEmpty())) {
            return records;
        }
        try {
            String path = reports.write(e, context, fired, records).toString();
            return records.stream().map(a -> a.withReport(path)).toList();
        } catch (RuntimeException ex) {
            LOG.errorf("investigation report for %s not written: %s", e.id(), ex.getMessage());
            return records;
        }
    }
}
