package dev.riposte.pipeline;

import dev.riposte.fact.SecurityEvent;
import dev.riposte.rules.Evaluation;
import dev.riposte.rules.RuleSession;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule set and the one Drools session that holds the correlation state. Evaluation is serialized on one lock;
 * {@link #use} swaps in a new rule set (hot reload), dropping the old session's correlation state with it.
 */
final class RuleStage implements AutoCloseable {
    private final boolean pseudoClock;
    private final Object lock = new Object();
    private RuleSet rules;
    private RuleSession session;

    RuleStage(RuleSet rules, boolean pseudoClock) {
        this.pseudoClock = pseudoClock;
        use(rules);
    }

    /** What one evaluation gave, under the rule set version it ran with. */
    record Round(Evaluation evaluation, String version) {
    }

    void use(RuleSet next) {
        synchronized (lock) {
            RuleSession old = session;
            rules = next;
            session = next.newSession(pseudoClock);
            if (old != null) {
                old.close();
            }
        }
    }

    String version() {
        synchronized (lock) {
            return rules.version();
        }
    }

    /**
     * Evaluates {@code event} with {@code related} facts and {@code context}. When {@code judgedBy} is the rule set this
     * stage runs, the session does not insert what {@code verdict} says cannot reach a rule; otherwise it is ignored.
     *
     * @throws RuleFailure when a rule throws (the session goes on)
     */
    Round evaluate(SecurityEvent event, List<Object> related, List<Object> context, RuleSet judgedBy, Verdict verdict) {
        synchronized (lock) {
            String version = rules.version();
            Verdict v = judgedBy == rules ? verdict : Verdict.ALL;
            List<Object> facts = v.reachable(related);
            if (!context.isEmpty()) {
                facts = new ArrayList<>(facts);
                facts.addAll(context);
            }
            try {
                return new Round(session.evaluate(event, facts, v.event()), version);
            } catch (RuntimeException ex) {
                throw new RuleFailure(version, ex);
            }
        }
    }

    /** Runs the rules without a new event ({@link RuleSession#tick()}); a rule that throws propagates. */
    Round tick() {
        synchronized (lock) {
            return new Round(session.tick(), rules.version());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            session.close();
        }
    }

    /** A rule threw during an evaluation under {@code version}. */
    static final class RuleFailure extends RuntimeException {
        final String version;

        RuleFailure(String version, RuntimeException cause) {
            super(cause);
            this.version = version;
        }
    }
}
