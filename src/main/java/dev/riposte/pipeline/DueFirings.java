package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.rules.Firing;
import dev.riposte.rules.RuleSet;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What fires without a new event: the timer tick, and the warm-up of a session from the correlation journal (on start,
 * takeover and hot reload) with what came due meanwhile. The two do not overlap, so a firing is journaled as carried
 * out before a warm-up reads the journal.
 */
final class DueFirings {
    private static final Logger LOG = Logger.getLogger(Pipeline.class); // the log category operators already filter on
    private final RuleStage rules;
    private final CommandRunner commands;
    private final Recorder recorder;
    private final CorrelationJournal journal; // null: none
    private final Object due = new Object();

    DueFirings(RuleStage rules, CommandRunner commands, Recorder recorder, CorrelationJournal journal) {
        this.rules = rules;
        this.commands = commands;
        this.recorder = recorder;
        this.journal = journal;
        if (journal != null) {
            commands.onCarriedOutDue(f -> journal.fired(f, rules.rules().eventExpiry()));
        }
    }

    Pipeline.Result useRules(RuleSet next, boolean warm) {
        if (journal == null || !warm) {
            rules.use(next);
            return none();
        }
        return warmed(next);
    }

    Pipeline.Result warmUp() {
        return journal == null ? none() : warmed(rules.rules());
    }

    private Pipeline.Result warmed(RuleSet next) {
        synchronized (due) {
            RuleStage.Warmed w = rules.warm(next);
            List<AuditRecord> out = recorder.writeAll(commands.due(w.due(), w.version()));
            return new Pipeline.Result(
                    w.due().stream().map(Firing::rule).distinct().toList(), out);
        }
    }

    Pipeline.Result tick() {
        synchronized (due) {
            RuleStage.Round round;
            try {
                round = rules.tick();
            } catch (RuntimeException ex) {
                LOG.errorf("rule evaluation on the timer tick failed: %s", ex.toString());
                return none();
            }
            List<AuditRecord> out =
                    recorder.writeAll(commands.due(round.evaluation().firings(), round.version()));
            return new Pipeline.Result(round.evaluation().rulesFired(), out);
        }
    }

    long journalFailures() {
        return journal == null ? 0 : journal.failures();
    }

    private static Pipeline.Result none() {
        return new Pipeline.Result(List.of(), List.of());
    }
}
