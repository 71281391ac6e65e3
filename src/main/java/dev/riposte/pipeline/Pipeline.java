package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.playbook.run.PlaybookRunner;
import dev.riposte.playbook.run.PlaybookRuns;
import dev.riposte.rules.Evaluation;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

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
    /** MDC key of the event being processed; JSON logs show it on every line. */
    static final String EVENT_ID = "eventId";

    private final Normalizer normalizer;
    private final Predicate<SecurityEvent> accept;
    private final Runnable onSkipped;
    private final RuleStage rules;
    private final PlaybookSteps playbooks;
    private final Recorder recorder;
    private final Decisions decisions;
    private final DueFirings due;
    private final BooleanSupplier owner;

    /** A pipeline without playbooks, investigation, listeners or filter (see {@link #builder} for those). */
    public Pipeline(
            Normalizer normalizer,
            RuleSet rules,
            Dispatcher dispatcher,
            AuditSink audit,
            boolean pseudoClock,
            boolean dryRun) {
        this(builder(normalizer, rules, dispatcher, audit, pseudoClock, dryRun));
    }

    Pipeline(PipelineBuilder b) {
        this.normalizer = b.normalizer;
        this.accept = b.accept;
        this.onSkipped = b.onSkipped;
        this.recorder = new Recorder(b.audit, b.listeners, b.mayRecord);
        this.owner = b.owner;
        this.playbooks = new PlaybookSteps(
                new PlaybookRuns(new PlaybookRunner(b.dispatcher, b.playbooks), b.approvals), b.dryRun);
        CorrelationJournal journal =
                b.journal == null || b.pseudoClock ? null : new CorrelationJournal(b.journal, b.clock, b.journalLimit);
        CommandRunner commands = new CommandRunner(b.dispatcher, playbooks, b.reports, b.dryRun);
        this.rules = new RuleStage(b.rules, b.pseudoClock, b.clock, journal);
        this.decisions = new Decisions(b.investigator, rules, commands, recorder, b.dryRun);
        this.due = new DueFirings(rules, commands, recorder, journal);
    }

    public static PipelineBuilder builder(
            Normalizer normalizer,
            RuleSet rules,
            Dispatcher dispatcher,
            AuditSink audit,
            boolean pseudoClock,
            boolean dryRun) {
        return new PipelineBuilder(normalizer, rules, dispatcher, audit, pseudoClock, dryRun);
    }

    /** What one input produced: the rules that fired, per fact, and the audit records written. */
    public record Result(List<String> rulesFired, List<AuditRecord> records) {}

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
        return due.useRules(next, warm);
    }

    /**
     * Rebuilds the rule session from the correlation journal (on start and on takeover, before live events), so that
     * the windows open before carry on, and carries out what came due while nobody ran the rules, each audited against
     * the event it is about. What was decided before is neither carried out nor audited again. Without a journal,
     * nothing happens.
     */
    public Result warmUp() {
        return due.warmUp();
    }

    /** Correlation journal entries that could not be written since the start (0 without a journal). */
    public long journalFailures() {
        return due.journalFailures();
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
    public record Ruled(
            Normalized fact,
            String origin,
            List<Object> context,
            Evaluation evaluation,
            AuditRecord failed,
            String version,
            long startNanos) {}

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
        return decisions.evaluateRules(n, origin, judgedBy, verdict);
    }

    /** The decision half of {@link #evaluate}: dispatch (plan or run) what the rules emitted, report, audit, listeners. */
    public Result decide(Ruled r) {
        return decisions.decide(r);
    }

    /**
     * Runs the rules without a new event and carries out what fired, each decision audited against the event it is
     * about: rules that fire as time passes act when their time comes, not when the next event happens to arrive.
     * The live service calls this every second. A rule that fails is logged; the session goes on.
     */
    public Result tick() {
        return due.tick();
    }

    /** Audits an input that could not even be read (bad JSON line, unreadable file). */
    public AuditRecord reject(String origin, String reason) {
        AuditRecord r = AuditRecords.rejected(rules.version(), origin, reason);
        recorder.write(r);
        return r;
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
        d.records().forEach(recorder::write);
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
        return playbooks.carryOut(rules.version(), recorder::write);
    }

    @Override
    public void close() {
        rules.close();
        recorder.close();
    }
}
