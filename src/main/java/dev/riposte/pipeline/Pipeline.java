package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.playbook.run.PlaybookRunner;
import dev.riposte.playbook.run.PlaybookRuns;
import dev.riposte.rules.Evaluation;
import dev.riposte.rules.Firing;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * normalize -> rules -> dispatch -> audit for one input document. Every input leaves at least one
 * audit record: {@code rejected}, {@code no-match}, or one per command.
 *
 * <p>Rule evaluation is serialized ({@link RuleStage}: one Drools session holds the correlation state); dispatch runs
 * outside that lock ({@link CommandRunner}) so a slow AWS call does not hold up the rules. {@link #useRules} swaps in a
 * new rule set (hot reload): with the correlation journal ({@link PipelineBuilder#journaling}) the new session is warmed
 * from it, without it the old session's correlation state is dropped. Build one with {@link #builder}.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /** MDC key of the event being processed; JSON logs show it on every line. */
    static final String EVENT_ID = "eventId";
    private final Normalizer normalizer;
    private final AuditSink audit;
    private final boolean dryRun;
    private final RuleStage rules;
    private final CommandRunner commands;
    private final PlaybookSteps playbooks;
    private final Predicate<SecurityEvent> accept;
    private final Runnable onSkipped;
    private final List<DecisionListener> listeners;
    private final Investigator investigator;
    private final CorrelationJournal journal; // null: none
    // a warm-up and the tick's carrying out of what came due do not overlap: a firing is journaled as carried out first
    private final Object due = new Object();
    private final BooleanSupplier mayRecord;
    private final BooleanSupplier owner;

    /** A pipeline without playbooks, investigation, listeners or filter (see {@link #builder} for those). */
    public Pipeline(Normalizer normalizer, RuleSet rules, Dispatcher dispatcher, AuditSink audit, boolean pseudoClock,
                    boolean dryRun) {
        this(builder(normalizer, rules, dispatcher, audit, pseudoClock, dryRun));
    }

    Pipeline(PipelineBuilder b) {
        this.normalizer = b.normalizer;
        this.audit = b.audit;
        this.dryRun = b.dryRun;
        this.accept = b.accept;
        this.onSkipped = b.onSkipped;
        this.listeners = b.listeners;
        this.investigator = b.investigator;
        this.mayRecord = b.mayRecord;
        this.owner = b.owner;
        this.playbooks = new PlaybookSteps(new PlaybookRuns(new PlaybookRunner(b.dispatcher, b.playbooks), b.approvals), b.dryRun);
        this.journal = b.journal == null || b.pseudoClock ? null : new CorrelationJournal(b.journal, b.clock, b.journalLimit);
        this.commands = new CommandRunner(b.dispatcher, playbooks, b.reports, b.dryRun);
        this.rules = new RuleStage(b.rules, b.pseudoClock, b.clock, journal);
        if (journal != null) {
            commands.onCarriedOutDue(f -> journal.fired(f, rules.rules().eventExpiry()));
        }
    }

    public static PipelineBuilder builder(Normalizer normalizer, RuleSet rules, Dispatcher dispatcher, AuditSink audit,
                                          boolean pseudoClock, boolean dryRun) {
        return new PipelineBuilder(normalizer, rules, dispatcher, audit, pseudoClock, dryRun);
    }

    /** What one input produced: the rules that fired, per fact, and the audit records written. */
    public record Result(List<String> rulesFired, List<AuditRecord> records) {
    }

    /** Where steps marked {@code approval: required} wait (the service shares them with the admin API). */
    public Approvals approvals() {
        return playbooks.approvals();
    }

    /**
     * Swaps in {@code next} (hot reload). With the journal, the new session is first warmed from it ({@link #warmUp});
     * without, the old session's correlation state is dropped.
     */
    public Result useRules(RuleSet next) {
        return useRules(next, true);
    }

    /** {@link #useRules(RuleSet)}; {@code warm} false (a standby, which runs no rules) starts the new session empty. */
    public Result useRules(RuleSet next, boolean warm) {
        if (journal == null || !warm) {
            rules.use(next);
            return new Result(List.of(), List.of());
        }
        return warmed(next);
    }

    /**
     * Rebuilds the rule session from the correlation journal (on start and on takeover, before live events), so that
     * the windows open before carry on, and carries out what came due while nobody ran the rules, each audited against
     * the event it is about. What was decided before is neither carried out nor audited again. Without a journal,
     * nothing happens.
     */
    public Result warmUp() {
        if (journal == null) {
            return new Result(List.of(), List.of());
        }
        return warmed(rules.rules());
    }

    private Result warmed(RuleSet next) {
        synchronized (due) {
            RuleStage.Warmed w = rules.warm(next);
            List<AuditRecord> out = commands.due(w.due(), w.version());
            out.forEach(this::written);
            List<String> fired = w.due().stream().map(Firing::rule).distinct().toList();
            return new Result(fired, out);
        }
    }

    /** Correlation journal entries that could not be written since the start (0 without a journal). */
    public long journalFailures() {
        return journal == null ? 0 : journal.failures();
    }

    public String rulesVersion() {
        return rules.version();
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
     *
     * @param evaluation null when a rule failed: then {@code failed} holds the record
     */
    public record Ruled(Normalized fact, String origin, List<Object> context, Evaluation evaluation, AuditRecord failed,
                        String version, long startNanos) {
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
     * says cannot reach a rule (see {@code RuleSession.evaluate}); otherwise the verdict is ignored.
     */
    public Ruled evaluateRules(Normalized n, String origin, RuleSet judgedBy, Verdict verdict) {
        Object outerId = EventMdc.enter(n.event().id());
        long start = System.nanoTime();
        try {
            // outside the rules lock: investigation calls AWS and must not hold up other events' evaluation
            List<Object> context = investigator.investigate(n.event());
            try {
                RuleStage.Round round = rules.evaluate(n.event(), n.related(), context, judgedBy, verdict);
                return new Ruled(n, origin, context, round.evaluation(), null, round.version(), start);
            } catch (RuleStage.RuleFailure ex) {
                // a rule threw: the event is still audited, with the reason, and the session goes on
                AuditRecord failed = new AuditRecords.Decision(n.event(), null, ex.version, origin).undispatched(null, null,
                        Map.of(), AuditRecords.mode(false, dryRun), Outcome.FAILED, "rule evaluation failed: " + ex.getCause(), null);
                return new Ruled(n, origin, context, null, failed, ex.version, start);
            }
        } finally {
            EventMdc.restore(outerId);
        }
    }

    /** The decision half of {@link #evaluate}: dispatch (plan or run) what the rules emitted, report, audit, listeners. */
    public Result decide(Ruled r) {
        SecurityEvent e = r.fact().event();
        Object outerId = EventMdc.enter(e.id());
        try {
            Result result;
            if (r.evaluation() == null) {
                written(r.failed());
                result = new Result(List.of(), List.of(r.failed()));
            } else {
                List<AuditRecord> records = commands.decide(e, r.evaluation(), r.version(), r.origin(), r.context());
                records.forEach(this::written);
                result = new Result(r.evaluation().rulesFired(), records);
            }
            for (DecisionListener l : listeners) {
                l.evaluated(e, result.rulesFired(), System.nanoTime() - r.startNanos());
            }
            return result;
        } finally {
            EventMdc.restore(outerId);
        }
    }

    /**
     * Runs the rules without a new event and carries out what fired, each decision audited against the event it is
     * about: rules that fire as time passes act when their time comes, not when the next event happens to arrive.
     * The live service calls this every second. A rule that fails is logged; the session goes on.
     */
    public Result tick() {
        synchronized (due) {
            RuleStage.Round round;
            try {
                round = rules.tick();
            } catch (RuntimeException ex) {
                LOG.errorf("rule evaluation on the timer tick failed: %s", ex.toString());
                return new Result(List.of(), List.of());
            }
            List<AuditRecord> out = commands.due(round.evaluation().firings(), round.version());
            out.forEach(this::written);
            return new Result(round.evaluation().rulesFired(), out);
        }
    }

    /** Audits an input that could not even be read (bad JSON line, unreadable file). */
    public AuditRecord reject(String origin, String reason) {
        AuditRecord r = AuditRecords.rejected(rules.version(), origin, reason);
        written(r);
        return r;
    }

    /**
     * The answer to an operator's decision on a waiting step.
     *
     * @param refused    null when the decision was recorded; else why it does not count (decided before, expired, unknown)
     * @param known      false when no step waits with that id
     * @param carriedOut true when this replica carried the step out at once ({@code records}: its run going on); false on
     *                   a replica that does not own the rules: the owner carries it out on its next timer tick
     */
    public record StepDecision(String refused, boolean known, boolean carriedOut, List<AuditRecord> records) {
        public StepDecision {
            records = List.copyOf(records);
        }
    }

    /** Approves a waiting step: it runs, and the rest of its run after it; {@code who} is in the audit. */
    public StepDecision approveStep(String id, String who) {
        return decideStep(id, true, who);
    }

    /** Rejects a waiting step: it is skipped, and its run goes on as after a failed step. */
    public StepDecision rejectStep(String id, String who) {
        return decideStep(id, false, who);
    }

    private StepDecision decideStep(String id, boolean approve, String who) {
        StepDecision d = playbooks.decide(id, approve, who, owner.getAsBoolean(), rules.version());
        d.records().forEach(this::written);
        return d;
    }

    /**
     * On the owner of the rules (called every timer tick): carries out the steps decided on any replica and skips those
     * whose time ran out, their runs going on; nothing elsewhere.
     */
    public List<AuditRecord> carryOutApprovals() {
        if (!owner.getAsBoolean()) {
            return List.of();
        }
        return playbooks.carryOut(rules.version(), this::written);
    }

    private void written(AuditRecord r) {
        if (!mayRecord.getAsBoolean()) {
            // a replica paused or cut off past its lease: the owner decides this event; its message stays for it
            throw new IllegalStateException("decision on " + r.eventId() + " not recorded: this replica no longer owns the rules");
        }
        audit.write(r);
        for (DecisionListener l : listeners) {
            l.decided(r);
        }
    }

    @Override
    public void close() {
        rules.close();
        audit.close();
    }
}
