package dev.riposte.pipeline;

import dev.riposte.audit.AuditSink;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalizer;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.rules.RuleSet;
import dev.riposte.state.Journal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A {@link Pipeline}'s collaborators, all final once built; all optional but {@link Pipeline#builder}'s arguments. */
public final class PipelineBuilder {
    final Normalizer normalizer;
    final RuleSet rules;
    final Dispatcher dispatcher;
    final AuditSink audit;
    final boolean pseudoClock;
    final boolean dryRun;
    Supplier<PlaybookSet> playbooks = PlaybookSet::empty;
    Approvals approvals = new Approvals(Duration.ofHours(24), Clock.systemUTC());
    Predicate<SecurityEvent> accept = e -> true;
    Runnable onSkipped = () -> {};
    List<DecisionListener> listeners = List.of();
    Investigator investigator = Investigator.NONE;
    InvestigationReports reports;
    Clock clock = Clock.systemUTC();
    Journal journal; // null: none
    int journalLimit;
    BooleanSupplier mayRecord = () -> true;
    BooleanSupplier owner = () -> true;

    PipelineBuilder(
            Normalizer normalizer,
            RuleSet rules,
            Dispatcher dispatcher,
            AuditSink audit,
            boolean pseudoClock,
            boolean dryRun) {
        this.normalizer = normalizer;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.pseudoClock = pseudoClock;
        this.dryRun = dryRun;
    }

    /** Playbook runs expand from {@code playbooks} (read at each run, so a hot reload applies to the next run). */
    public PipelineBuilder playbooks(Supplier<PlaybookSet> playbooks) {
        this.playbooks = playbooks;
        return this;
    }

    /** Where steps marked {@code approval: required} wait (the service shares one with the admin API). */
    public PipelineBuilder approvals(Approvals pending) {
        this.approvals = pending;
        return this;
    }

    /** Only facts that {@code filter} accepts are evaluated (replay's --since/--until); {@code onSkipped} counts the others. */
    public PipelineBuilder accepting(Predicate<SecurityEvent> filter, Runnable onSkipped) {
        this.accept = filter;
        this.onSkipped = onSkipped;
        return this;
    }

    /** {@code listeners} see every fact evaluated and every audit record written (metrics). */
    public PipelineBuilder listening(List<DecisionListener> listeners) {
        this.listeners = List.copyOf(listeners);
        return this;
    }

    /**
     * Each event is investigated before the rules see it: {@code investigator}'s context facts are inserted with the
     * event, so decision rules see them in the same evaluation. With {@code reports} (null: none), every event that
     * was investigated or fired a rule gets an investigation report, linked from its audit records.
     */
    public PipelineBuilder investigating(Investigator investigator, InvestigationReports reports) {
        this.investigator = investigator == null ? Investigator.NONE : investigator;
        this.reports = reports;
        return this;
    }

    /**
     * The wall clock a pipeline without a pseudo clock runs its rule session on (serve; tests move it), and the time
     * of journal entries.
     */
    public PipelineBuilder clock(Clock wall) {
        this.clock = wall;
        return this;
    }

    /**
     * Keeps the correlation journal in {@code store} (at most {@code limit} entries are replayed) and warms the rule
     * session from it on {@link Pipeline#warmUp} and on every {@link Pipeline#useRules}; serve only (ignored with a
     * pseudo clock).
     */
    public PipelineBuilder journaling(Journal store, int limit) {
        this.journal = store;
        this.journalLimit = limit;
        return this;
    }

    /**
     * Every audit record is written only while {@code mayRecord} says so (the live service: while this replica owns the
     * rules); otherwise the decision is refused with an exception, so its SQS message stays for the owner.
     */
    public PipelineBuilder fencedBy(BooleanSupplier mayRecord) {
        this.mayRecord = mayRecord;
        return this;
    }

    /**
     * Whether this replica owns the rules now (the service asks its lease): only then does an operator's decision run
     * at once, and do decided or expired approvals get carried out; a standby only records decisions.
     */
    public PipelineBuilder owning(BooleanSupplier owner) {
        this.owner = owner;
        return this;
    }

    public Pipeline build() {
        return new Pipeline(this);
    }
}
