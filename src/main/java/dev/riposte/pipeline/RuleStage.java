package dev.riposte.pipeline;

import dev.riposte.fact.SecurityEvent;
import dev.riposte.rules.Evaluation;
import dev.riposte.rules.EventFilter;
import dev.riposte.rules.Firing;
import dev.riposte.rules.RuleSession;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The rule set and the one Drools session that holds the correlation state. Evaluation is serialized on one lock;
 * {@link #use} swaps in a new rule set (hot reload). With a pseudo clock the session's time follows the events
 * (replay, test); otherwise it follows {@code wall}, moved forward before every evaluation and tick (serve).
 *
 * <p>With a {@link CorrelationJournal}, every event a rule of the running set can reach is queued for the journal as the
 * session takes it in (in the session's order, under its lock) and written outside the lock ({@link #journaled}), and
 * {@link #warm} rebuilds the session from the journal: on start, on takeover and on every hot reload the open windows
 * carry on instead of being dropped.
 */
final class RuleStage implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuleStage.class);
    private final boolean pseudoClock;
    private final Clock wall;
    private final CorrelationJournal journal; // null: none
    private final Object lock = new Object();
    private RuleSet rules;
    private RuleSession session;
    private EventFilter filter; // of rules, for the journal

    RuleStage(RuleSet rules, boolean pseudoClock, Clock wall, CorrelationJournal journal) {
        this.pseudoClock = pseudoClock;
        this.wall = wall;
        this.journal = pseudoClock ? null : journal;
        use(rules);
    }

    /**
     * What one evaluation gave, under the rule set version it ran with; {@code journal} is the ticket of its event's
     * journal entry (0: none), written by {@link #journaled}.
     */
    record Round(Evaluation evaluation, String version, long journal) {
        Round(Evaluation evaluation, String version) {
            this(evaluation, version, 0);
        }
    }

    /**
     * What a warm-up gave: the firings that came due while nobody ran the rules (between the last journaled event and
     * now) and were not carried out before, to be carried out now.
     */
    record Warmed(List<Firing> due, String version, RuleSet rules) {}

    /** Swaps in {@code next} with a new, empty session (its correlation state starts afresh). */
    void use(RuleSet next) {
        install(next, newSession(next));
    }

    /**
     * Swaps in {@code next} with a session rebuilt from the journal: its events replayed on the session clock at the
     * times they were taken in (whatever fires then was decided when they were live and is dropped), then the clock
     * moved to now; what comes due in that last step and is not journaled as carried out is returned. Holds the lock
     * throughout, so no live event is evaluated before the journal's.
     */
    Warmed warm(RuleSet next) {
        if (journal == null) {
            use(next);
            return new Warmed(List.of(), next.version(), next);
        }
        synchronized (lock) {
            long start = System.nanoTime();
            CorrelationJournal.Replay replay = journal.replay(next.eventExpiry());
            RuleSession s = next.newWallSession();
            int warmed = 0;
            int decided = 0;
            List<Firing> due = new ArrayList<>();
            try (EventFilter f = next.newEventFilter()) {
                for (CorrelationJournal.Taken t : replay.events()) {
                    if (!f.canMatch(t.fact().event())) {
                        continue; // no rule of this set can use it
                    }
                    s.advanceTo(t.time().toEpochMilli());
                    try {
                        for (Firing fired :
                                s.warm(t.fact().event(), t.fact().with()).firings()) {
                            if (cameDueUndone(fired, t.fact().event().id(), replay)) {
                                due.add(fired);
                            } else {
                                decided++;
                            }
                        }
                        warmed++;
                    } catch (RuntimeException ex) {
                        LOG.warnf(
                                "journaled event %s not replayed: a rule failed (%s)",
                                t.fact().event().id(), ex.getMessage());
                    }
                }
            }
            s.advanceTo(wall.millis());
            try {
                for (Firing f : s.tick().firings()) {
                    if (cameDueUndone(f, null, replay)) {
                        due.add(f);
                    } else {
                        decided++;
                    }
                }
            } catch (RuntimeException ex) {
                LOG.errorf("rule evaluation after the warm-up failed: %s", ex.toString());
            }
            install(next, s);
            LOG.infof(
                    "rule session %s warmed from the journal in %d ms: %d event(s) replayed, %d firing(s) decided before"
                            + " left alone, %d due since",
                    next.version(), (System.nanoTime() - start) / 1_000_000, warmed, decided, due.size());
            return new Warmed(due, next.version(), next);
        }
    }

    /**
     * Whether a firing of the warm-up came due as time passed (about an event other than {@code replayedId}, the one
     * being replayed, if any) and was never journaled as carried out: an absence window that closed while nobody ran
     * the rules, or whose command the last owner deferred (rate limited: held back in its memory) before it died or the
     * rules were reloaded. Such a firing is carried out now. A firing about the replayed event itself was decided when it
     * was live (and a deferred one comes back with its message).
     */
    private static boolean cameDueUndone(Firing f, String replayedId, CorrelationJournal.Replay replay) {
        return f.about() != null
                && !f.about().id().equals(replayedId)
                && !replay.fired()
                        .contains(CorrelationJournal.mark(f.rule(), f.about().id()));
    }

    private RuleSession newSession(RuleSet next) {
        return pseudoClock ? next.newSession(true) : next.newWallSession();
    }

    private void install(RuleSet next, RuleSession s) {
        synchronized (lock) {
            RuleSession old = session;
            EventFilter oldFilter = filter;
            rules = next;
            session = s;
            filter = journal == null ? null : next.newEventFilter();
            if (old != null) {
                old.close();
            }
            if (oldFilter != null) {
                oldFilter.close();
            }
        }
    }

    String version() {
        synchronized (lock) {
            return rules.version();
        }
    }

    /** The rule set this stage runs now. */
    RuleSet rules() {
        synchronized (lock) {
            return rules;
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
            if (!pseudoClock) {
                session.advanceTo(wall.millis());
            }
            Evaluation evaluation;
            try {
                evaluation = session.evaluate(event, facts, v.event());
            } catch (RuntimeException ex) {
                throw new RuleFailure(version, ex);
            }
            long ticket = 0;
            if (filter != null && filter.canMatch(event)) {
                ticket = journal.take(wall.millis(), event, facts, rules.eventExpiry());
            }
            return new Round(evaluation, version, ticket);
        }
    }

    /**
     * Returns once the event of {@code round} is in the journal (with every event taken in before it): called outside
     * the session's lock, before the event's commands are carried out and its source is told it was handled, so an event
     * whose message is deleted can always be replayed.
     */
    void journaled(Round round) {
        if (round.journal() > 0) {
            journal.written(round.journal());
        }
    }

    /** Runs the rules without a new event ({@link RuleSession#tick()}); a rule that throws propagates. */
    Round tick() {
        synchronized (lock) {
            if (!pseudoClock) {
                session.advanceTo(wall.millis());
            }
            return new Round(session.tick(), rules.version());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            session.close();
            if (filter != null) {
                filter.close();
            }
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
