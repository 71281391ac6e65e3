package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalized;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.util.List;
import java.util.Map;

/**
 * One fact's way through: investigation and the rule session ({@link #evaluateRules}), then dispatch, audit and the
 * listeners ({@link #decide}). Split so replay can run the two halves on different threads.
 */
final class Decisions {
    private final Investigator investigator;
    private final RuleStage rules;
    private final CommandRunner commands;
    private final Recorder recorder;
    private final boolean dryRun;

    Decisions(Investigator investigator, RuleStage rules, CommandRunner commands, Recorder recorder, boolean dryRun) {
        this.investigator = investigator;
        this.rules = rules;
        this.commands = commands;
        this.recorder = recorder;
        this.dryRun = dryRun;
    }

    Pipeline.Ruled evaluateRules(Normalized n, String origin, RuleSet judgedBy, Verdict verdict) {
        Object outerId = EventMdc.enter(n.event().id());
        long start = System.nanoTime();
        try {
            // outside the rules lock: investigation calls AWS and must not hold up other events' evaluation
            List<Object> context = investigator.investigate(n.event());
            try {
                RuleStage.Round round = rules.evaluate(n.event(), n.related(), context, judgedBy, verdict);
                rules.journaled(round); // outside the rules lock: other events are evaluated meanwhile
                return new Pipeline.Ruled(n, origin, context, round.evaluation(), null, round.version(), start);
            } catch (RuleStage.RuleFailure ex) {
                // a rule threw: the event is still audited, with the reason, and the session goes on
                AuditRecord failed = new AuditRecords.Decision(n.event(), null, ex.version, origin)
                        .undispatched(
                                null,
                                null,
                                Map.of(),
                                AuditRecords.mode(false, dryRun),
                                Outcome.FAILED,
                                "rule evaluation failed: " + ex.getCause(),
                                null);
                return new Pipeline.Ruled(n, origin, context, null, failed, ex.version, start);
            }
        } finally {
            EventMdc.restore(outerId);
        }
    }

    Pipeline.Result decide(Pipeline.Ruled r) {
        SecurityEvent e = r.fact().event();
        Object outerId = EventMdc.enter(e.id());
        try {
            Pipeline.Result result;
            if (r.evaluation() == null) {
                recorder.write(r.failed());
                result = new Pipeline.Result(List.of(), List.of(r.failed()));
            } else {
                List<AuditRecord> records = commands.decide(e, r.evaluation(), r.version(), r.origin(), r.context());
                records.forEach(recorder::write);
                result = new Pipeline.Result(r.evaluation().rulesFired(), records);
            }
            recorder.evaluated(e, result.rulesFired(), System.nanoTime() - r.startNanos());
            return result;
        } finally {
            EventMdc.restore(outerId);
        }
    }
}
