package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.audit.IsoInstant;
import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.Investigator;
import dev.riposte.dispatch.PlaybookRunner;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.Approvals;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.rules.Evaluation;
import dev.riposte.rules.Firing;
import dev.riposte.rules.RuleSession;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * normalize -> rules -> dispatch -> audit for one input document. Every input leaves at least one
 * audit record: {@code rejected}, {@code no-match}, or one per command.
 *
 * <p>Rule evaluation is serialized (one Drools session holds the correlation state); dispatch runs
 * outside that lock so a slow AWS call does not hold up the rules. {@link #useRules} swaps in a
 * new rule set (hot reload); correlation state of the old session is dropped with it.
 */
public final class Pipeline implements AutoCloseable {
    /** MDC key of the event being processed; JSON logs show it on every line. */
    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    static final String EVENT_ID = "eventId";
    private final Normalizer normalizer;
    private final Dispatcher dispatcher;
    private final AuditSink audit;
    private final boolean pseudoClock;
    private final boolean dryRun;
    private final Object rulesLock = new Object();
    // firings that came due as time passed and were rate-limited: the next tick() carries them out again
    private final List<Firing> heldBack = new ArrayList<>();
    private RuleSet rules;
    private RuleSession session;
    private volatile Predicate<SecurityEvent> accept = e -> true;
    private volatile Runnable onSkipped = () -> { };
    private volatile PlaybookRunner playbooks;
    private volatile Approvals approvals = new Approvals(Duration.ofHours(24), Clock.systemUTC());
    private volatile List<DecisionListener> listeners = List.of();
    private volatile Investigator investigator = Investigator.NONE;
    private volatile InvestigationReports reports;

    public Pipeline(Normalizer normalizer, RuleSet rules, Dispatcher dispatcher, AuditSink audit, boolean pseudoClock,
                    boolean dryRun) {
        this.normalizer = normalizer;
        this.dryRun = dryRun;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.pseudoClock = pseudoClock;
        this.playbooks = new PlaybookRunner(dispatcher, PlaybookSet::empty);
        useRules(rules);
    }

    /** Playbook runs expand from {@code playbooks} (read at each run, so a hot reload applies to the next run). */
    public Pipeline usePlaybooks(Supplier<PlaybookSet> playbooks) {
        this.playbooks = new PlaybookRunner(dispatcher, playbooks);
        return this;
    }

    /** Where steps marked {@code approval: required} wait (the service shares one with the admin API). */
    public Pipeline useApprovals(Approvals pending) {
        this.approvals = pending;
        return this;
    }

    public Approvals approvals() {
        return approvals;
    }

    /** What one input produced: the rules that fired, per fact, and the audit records written. */
    public record Result(List<String> rulesFired, List<AuditRecord> records) {
    }

    /** Only facts that {@code filter} accepts are evaluated (replay's --since/--until); the others are counted by {@code onSkipped}. */
    public Pipeline accepting(Predicate<SecurityEvent> filter, Runnable onSkipped) {
        this.accept = filter;
        this.onSkipped = onSkipped;
        return this;
    }

    /** {@code listeners} see every fact evaluated and every audit record written (metrics). */
    public Pipeline listening(List<DecisionListener> listeners) {
        this.listeners = List.copyOf(listeners);
        return this;
    }

    /**
     * Each event is investigated before the rules see it: {@code investigator}'s context facts are inserted with the
     * event, so decision rules see them in the same evaluation. With {@code reports} (null: none), every event that
     * was investigated or fired a rule gets an investigation report, linked from its audit records.
     */
    public Pipeline investigating(Investigator investigator, InvestigationReports reports) {
        this.investigator = investigator == null ? Investigator.NONE : investigator;
        this.reports = reports;
        return this;
    }

    public void useRules(RuleSet next) {
        synchronized (rulesLock) {
            RuleSession old = session;
            rules = next;
            session = next.newSession(pseudoClock);
            if (old != null) {
                old.close();
            }
        }
    }

    public String rulesVersion() {
        synchronized (rulesLock) {
            return rules.version();
        }
    }

    /** Normalizes and evaluates {@code input}; bad input is audited as {@code rejected}, never thrown. */
    public Result process(JsonNode input, String origin) {
        List<Normalized> facts;
        try {
            facts = normalizer.normalize(input);
        } catch (RejectedInputException e) {
            return new Result(List.of(), List.of(reject(origin, e.getMessage())));
        }
        List<String> fired = new ArrayList<>();
        List<AuditRecord> records = new ArrayList<>();
        for (Normalized n : facts) {
            if (!accept.test(n.event())) {
                onSkipped.run();
                continue;
            }
            Result r = evaluate(n, origin);
            fired.addAll(r.rulesFired());
            records.addAll(r.records());
        }
        return new Result(fired, records);
    }

    /**
     * Evaluates and dispatches one fact normalized elsewhere (replay normalizes on worker threads and
     * orders the facts by event time before they reach the single rule session). No window filter applies.
     */
    public Result evaluate(Normalized n, String origin) {
        return decide(evaluateRules(n, origin));
    }

    /**
     * What the rules decided for one fact, not yet dispatched or audited: {@link #evaluate} split in two so that
     * replay can run the rule session on one thread and dispatch, audit and reporting on another. Opaque to
     * other packages; hand it to {@link #decide} of the same pipeline, in the order the facts were evaluated.
     */
    public static final class Ruled {
        private final Normalized fact;
        private final String origin;
        private final List<Object> context;
        private final Evaluation evaluation; // null when a rule failed: then failed holds the record
        private final AuditRecord failed;
        private final String version;
        private final long startNanos;

        private Ruled(Normalized fact, String origin, List<Object> context, Evaluation evaluation, AuditRecord failed,
                      String version, long startNanos) {
            this.fact = fact;
            this.origin = origin;
            this.context = context;
            this.evaluation = evaluation;
            this.failed = failed;
            this.version = version;
            this.startNanos = startNanos;
        }
    }

    /**
     * The rule half of {@link #evaluate}: investigation and the rule session, nothing else. A rule that throws gives a
     * {@code failed} decision (the session goes on); an investigator that throws propagates.
     */
    public Ruled evaluateRules(Normalized n, String origin) {
        return evaluateRules(n, origin, null, Verdict.ALL);
    }

    /**
     * {@link #evaluateRules(Normalized, String)} for a fact an {@link dev.riposte.rules.EventFilter} of {@code judgedBy}
     * has already judged: when that is the rule set this pipeline runs, the session does not insert what the verdict
     * says cannot reach a rule (see {@link RuleSession#evaluate(SecurityEvent, List, boolean)}); otherwise the verdict
     * is ignored.
     */
    public Ruled evaluateRules(Normalized n, String origin, RuleSet judgedBy, Verdict verdict) {
        Object outerId = MDC.put(EVENT_ID, String.valueOf(n.event().id()));
        long start = System.nanoTime();
        try {
            // outside the rules lock: investigation calls AWS and must not hold up other events' evaluation
            List<Object> context = investigator.investigate(n.event());
            synchronized (rulesLock) {
                String version = rules.version();
                Verdict v = judgedBy == rules ? verdict : Verdict.ALL;
                List<Object> facts = v.reachable(n.related());
                if (!context.isEmpty()) {
                    facts = new ArrayList<>(facts);
                    facts.addAll(context);
                }
                try {
                    return new Ruled(n, origin, context, session.evaluate(n.event(), facts, v.event()), null, version, start);
                } catch (RuntimeException ex) {
                    // a rule threw: the event is still audited, with the reason, and the session goes on
                    AuditRecord failed = record(n.event(), null, version, null, null, Map.of(), mode(false), "failed",
                            List.of(), null, "rule evaluation failed: " + ex, 0, origin);
                    return new Ruled(n, origin, context, null, failed, version, start);
                }
            }
        } finally {
            restore(outerId);
        }
    }

    /** The decision half of {@link #evaluate}: dispatch (plan or run) what the rules emitted, report, audit, listeners. */
    public Result decide(Ruled r) {
        SecurityEvent e = r.fact.event();
        Object outerId = MDC.put(EVENT_ID, String.valueOf(e.id()));
        try {
            Result result;
            if (r.evaluation == null) {
                written(r.failed);
                result = new Result(List.of(), List.of(r.failed));
            } else {
                List<AuditRecord> records = decide(e, r.evaluation, r.version, r.origin, r.context);
                records = report(e, r.context, r.evaluation.rulesFired(), records);
                records.forEach(this::written);
                result = new Result(r.evaluation.rulesFired(), records);
            }
            for (DecisionListener l : listeners) {
                l.evaluated(e, result.rulesFired(), System.nanoTime() - r.startNanos);
            }
            return result;
        } finally {
            restore(outerId);
        }
    }

    /** Writes the investigation report when one is due; a report that cannot be written is logged, never fatal. */
    private List<AuditRecord> report(SecurityEvent e, List<Object> context, List<String> fired, List<AuditRecord> records) {
        InvestigationReports r = reports;
        if (r == null || (context.isEmpty() && fired.isEmpty())) {
            return records;
        }
        try {
            String path = r.write(e, context, fired, records).toString();
            return records.stream().map(a -> a.withReport(path)).toList();
        } catch (RuntimeException ex) {
            LOG.errorf("investigation report for %s not written: %s", e.id(), ex.getMessage());
            return records;
        }
    }

    /** Audits an input that could not even be read (bad JSON line, unreadable file). */
    public AuditRecord reject(String origin, String reason) {
        AuditRecord r = new AuditRecord(IsoInstant.format(Instant.now()), null, null, null, null, null, null, null,
                currentVersion(), null, null, Map.of(), null, "rejected", List.of(), null, reason, 0, origin);
        written(r);
        return r;
    }

    private void written(AuditRecord r) {
        audit.write(r);
        for (DecisionListener l : listeners) {
            l.decided(r);
        }
    }

    private static void restore(Object outerId) {
        if (outerId == null) {
            MDC.remove(EVENT_ID);
        } else {
            MDC.put(EVENT_ID, outerId);
        }
    }

    private String currentVersion() {
        synchronized (rulesLock) {
            return rules.version();
        }
    }

    /**
     * Carries out the firings' commands in firing order, in two rounds when the event gets a report: first every
     * command but those that carry the report on (notifications, forwarding: {@code ActionHandler.carriesReport()}),
     * then those, with the report as it stands after the first round (written first, so its path resolves). So a
     * notification always reports the outcomes of the event's other actions, whatever order the rules fired in.
     */
    private List<AuditRecord> decide(SecurityEvent e, Evaluation evaluation, String version, String origin,
                                     List<Object> context) {
        List<AuditRecord> out = new ArrayList<>();
        if (!anyAbout(evaluation.firings(), e)) {
            out.add(record(e, null, version, null, null, Map.of(), mode(false), "no-match",
                    List.of(), null, null, 0, origin));
        }
        InvestigationReports r = reports;
        boolean reported = r != null && (!context.isEmpty() || !evaluation.rulesFired().isEmpty());
        List<Firing> carryingReport = new ArrayList<>();
        for (Firing f : evaluation.firings()) {
            if (about(f, e) != e) {
                // came due while this event was evaluated (e.g. a "not ... after" whose window closed): audited against
                // the event it is about, without this event's origin, investigation or report
                out.addAll(carryOutDue(f, version));
            } else if (reported && f.command() instanceof ActionCommand c && dispatcher.catalogue().carriesReport(c.action())) {
                carryingReport.add(f);
            } else {
                // a playbook's own notification step reports the event's actions so far and the run's earlier steps
                PlaybookRunner.StepReports steps = !reported ? PlaybookRunner.StepReports.NONE : (runId, playbook, done) -> {
                    List<AuditRecord> so = new ArrayList<>(out);
                    done.forEach(s -> so.add(stepRecord(s, runId, playbook, e, f.rule(), version, origin)));
                    return reportSoFar(r, e, context, evaluation.rulesFired(), so);
                };
                out.addAll(carryOut(f, e, version, origin, null, steps));
            }
        }
        if (!carryingReport.isEmpty()) {
            EventReport report = reportSoFar(r, e, context, evaluation.rulesFired(), out);
            for (Firing f : carryingReport) {
                out.addAll(carryOut(f, e, version, origin, report, PlaybookRunner.StepReports.NONE));
            }
        }
        return out; // written by the caller once the report path is known
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
     * Runs the rules without a new event ({@link RuleSession#tick()}) and carries out what fired, each decision audited
     * against the event it is about: rules that fire as time passes act when their time comes, not when the next event
     * happens to arrive. The live service calls this every second. A rule that fails is logged; the session goes on.
     */
    public Result tick() {
        Evaluation evaluation;
        String version;
        synchronized (rulesLock) {
            version = rules.version();
            try {
                evaluation = session.tick();
            } catch (RuntimeException ex) {
                LOG.errorf("rule evaluation on the timer tick failed: %s", ex.toString());
                return new Result(List.of(), List.of());
            }
        }
        List<Firing> due;
        synchronized (heldBack) {
            due = new ArrayList<>(heldBack);
            heldBack.clear();
        }
        due.addAll(evaluation.firings());
        List<AuditRecord> out = new ArrayList<>();
        for (Firing f : due) {
            if (f.about() == null) {
                LOG.errorf("rule %s fired on the timer tick without matching an event;"
                        + " its command %s has no event to be audited against and is not carried out", f.rule(), f.command());
                continue;
            }
            out.addAll(carryOutDue(f, version));
        }
        out.forEach(this::written);
        return new Result(evaluation.rulesFired(), out);
    }

    /**
     * Carries out a firing that came due as time passed, audited against the event it is about. Nothing brings such a
     * firing back (no message is redelivered for it, and the rule will not fire again), so when the rate limits hold
     * it back it is kept and carried out again on the next {@link #tick()}.
     */
    private List<AuditRecord> carryOutDue(Firing f, String version) {
        Object outerId = MDC.put(EVENT_ID, String.valueOf(f.about().id()));
        try {
            List<AuditRecord> records = carryOut(f, f.about(), version, null, null, PlaybookRunner.StepReports.NONE);
            for (AuditRecord r : records) {
                if ("rate-limited".equals(r.outcome())) {
                    synchronized (heldBack) {
                        heldBack.add(f);
                    }
                    break;
                }
            }
            return records;
        } finally {
            restore(outerId);
        }
    }

    /** The report after the first round, written so its path resolves; null (the actions then carry none) if that fails. */
    private static EventReport reportSoFar(InvestigationReports r, SecurityEvent e, List<Object> context, List<String> fired,
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

    private List<AuditRecord> carryOut(Firing f, SecurityEvent e, String version, String origin, EventReport report,
                                       PlaybookRunner.StepReports stepReports) {
        boolean shadow = "shadow".equals(f.mode());
        if (f.command() instanceof ActionCommand c) {
            DispatchResult d = dispatcher.dispatch(c, e, shadow, report);
            return List.of(record(e, f.rule(), version, c.action(), c.target(), c.params(), d, origin, null));
        }
        if (f.command() instanceof PlaybookRun p) {
            PlaybookRunner.Progress progress = playbooks.start(p, e, shadow, stepReports);
            if (progress.error() != null) {
                return List.of(record(e, f.rule(), version, "playbook:" + p.playbook(), p.target(), p.params(), mode(shadow),
                        "failed", List.of(), null, progress.error(), 0, origin));
            }
            return stepRecords(progress, e, f.rule(), version, origin);
        }
        return List.of();
    }

    private AuditRecord stepRecord(PlaybookRunner.StepOutcome s, String runId, String playbook, SecurityEvent e, String rule,
                                   String version, String origin) {
        return record(e, rule, version, s.command().action(), s.command().target(), s.command().params(), s.result(), origin,
                run(playbook, runId, s.step().number(), s.step().name(), s.approvedBy()));
    }

    /** One record per step under the run; a run paused for approval parks its step and says so. */
    private List<AuditRecord> stepRecords(PlaybookRunner.Progress progress, SecurityEvent e, String rule, String version,
                                          String origin) {
        List<AuditRecord> out = new ArrayList<>();
        for (PlaybookRunner.StepOutcome s : progress.steps()) {
            out.add(stepRecord(s, progress.runId(), progress.playbook(), e, rule, version, origin));
        }
        PlaybookRunner.Waiting w = progress.waiting();
        if (w != null) {
            Approvals.Pending pending = approvals.add(w, rule, origin);
            Map<String, Object> run = run(w.playbook(), w.runId(), w.step().number(), w.step().name(), null);
            run.put("approval", pending.id());
            out.add(record(e, rule, version, w.step().action(), w.step().target(), w.step().params(), mode(w.shadow()),
                    "skipped", List.of(), null, "awaiting approval " + pending.id() + " until " + pending.expires(), 0, origin, run));
        }
        return out;
    }

    /**
     * Approves a waiting step: it runs now, and the rest of its run after it; {@code who} is in the audit.
     *
     * @return the records written, or empty when no step {@code id} is waiting (unknown, decided or expired)
     */
    public Optional<List<AuditRecord>> approveStep(String id, String who) {
        return approvals.take(id).map(p -> finish(p, playbooks.approve(p.waiting(), who)));
    }

    /** Rejects a waiting step: it is skipped, and its run goes on as after a failed step. */
    public Optional<List<AuditRecord>> rejectStep(String id, String who) {
        return approvals.take(id).map(p -> finish(p, playbooks.decline(p.waiting(), "approval " + p.id() + " rejected by " + who)));
    }

    /** Skips the waiting steps whose time ran out (called periodically by the service). */
    public List<AuditRecord> expireApprovals() {
        List<AuditRecord> out = new ArrayList<>();
        for (Approvals.Pending p : approvals.expire()) {
            out.addAll(finish(p, playbooks.decline(p.waiting(), "approval " + p.id() + " expired at " + p.expires())));
        }
        return out;
    }

    private List<AuditRecord> finish(Approvals.Pending p, PlaybookRunner.Progress progress) {
        List<AuditRecord> out = stepRecords(progress, p.waiting().event(), p.rule(), currentVersion(), p.origin());
        out.forEach(this::written);
        return out;
    }

    private static Map<String, Object> run(String playbook, String runId, int step, String name, String approvedBy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", playbook);
        m.put("run", runId);
        m.put("step", step);
        m.put("name", name);
        if (approvedBy != null) {
            m.put("approvedBy", approvedBy);
        }
        return m;
    }

    private String mode(boolean shadow) {
        return shadow ? "shadow" : dryRun ? "dry-run" : "live"; // as the dispatcher records it
    }

    private static AuditRecord record(SecurityEvent e, String rule, String version, String action, String target,
                                      Map<String, Object> params, String mode, String outcome, List<AwsRequest> requests,
                                      String awsRequestId, String error, long durationMs, String origin) {
        return record(e, rule, version, action, target, params, mode, outcome, requests, awsRequestId, error, durationMs, origin, null);
    }

    /** The record of a command the dispatcher handled: everything it did, AWS's DryRun verdict and the rate-limit wait included. */
    private static AuditRecord record(SecurityEvent e, String rule, String version, String action, String target,
                                      Map<String, Object> params, DispatchResult d, String origin, Map<String, Object> playbook) {
        return record(e, rule, version, action, target, params, d.mode(), d.outcome(), d.requests(), d.awsRequestId(),
                d.error(), d.durationMs(), origin, playbook, d.awsDryRun(), d.rateLimitWaitMs());
    }

    private static AuditRecord record(SecurityEvent e, String rule, String version, String action, String target,
                                      Map<String, Object> params, String mode, String outcome, List<AwsRequest> requests,
                                      String awsRequestId, String error, long durationMs, String origin,
                                      Map<String, Object> playbook) {
        return record(e, rule, version, action, target, params, mode, outcome, requests, awsRequestId, error, durationMs, origin,
                playbook, null, 0);
    }

    private static AuditRecord record(SecurityEvent e, String rule, String version, String action, String target,
                                      Map<String, Object> params, String mode, String outcome, List<AwsRequest> requests,
                                      String awsRequestId, String error, long durationMs, String origin,
                                      Map<String, Object> playbook, String awsDryRun, long rateLimitWaitMs) {
        List<Map<String, Object>> reqs = new ArrayList<>();
        for (AwsRequest r : requests) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", r.service());
            m.put("operation", r.operation());
            m.put("parameters", r.parameters());
            reqs.add(m);
        }
        return new AuditRecord(IsoInstant.format(Instant.now()), e.id(), IsoInstant.format(e.time()), e.source(), e.type(), e.account(),
                e.region(), rule, version, action, target, params, mode, outcome, reqs, awsRequestId, error, durationMs,
                origin, playbook, null, awsDryRun, rateLimitWaitMs);
    }

    @Override
    public void close() {
        synchronized (rulesLock) {
            session.close();
        }
        audit.close();
    }
}
