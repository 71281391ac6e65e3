package dev.riposte.rules;

import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.fact.EventContext;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.drools.core.time.TimerService;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.Match;
import org.kie.api.time.SessionPseudoClock;

/**
 * A long-lived stateful session: events stay in it until they expire so later events can be
 * correlated with them. A rule fires at most once for the same matched facts ({@link Refraction}).
 * Not thread-safe: one session per thread.
 */
public final class RuleSession implements AutoCloseable {

    private final KieSession session;
    private final boolean pseudoClock;
    private final boolean followEvents; // the clock moves to each event's time (replay), or only by advanceTo (serve)
    // filled by the listeners during one evaluate()
    private final Set<String> fired = new LinkedHashSet<>();
    private final List<Firing> firings = new ArrayList<>();
    private final List<FactHandle> commandHandles = new ArrayList<>();
    private SecurityEvent evaluating; // the event of the running evaluate(), null on a tick
    private Match firing; // the match whose consequence is running

    private final Refraction refraction;
    // investigation context (EventContext facts) of events still in the session, removed when their event leaves
    private final Map<FactHandle, List<FactHandle>> contextHandles = new IdentityHashMap<>();
    // facts deleted after the last fireAllRules: their retraction is still to propagate, so the next evaluation must
    // fire
    private boolean pending;
    // events replayed by warm(), by id: the same event evaluated again (a redelivery) replaces its warmed copy
    private final Map<String, FactHandle> warmed = new HashMap<>();
    private boolean warming;

    RuleSession(KieSession session, boolean pseudoClock, boolean followEvents, Duration eventExpiry) {
        this.session = session;
        this.pseudoClock = pseudoClock;
        this.followEvents = pseudoClock && followEvents;
        this.refraction = new Refraction(eventExpiry);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent e) {
                firing = e.getMatch();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent e) {
                firing = null;
                fired.add(e.getMatch().getRule().getName());
                refraction.recordFiring(e.getMatch());
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent e) {
                Object o = e.getObject();
                if (e.getRule() != null && (o instanceof ActionCommand || o instanceof PlaybookRun)) {
                    firings.add(new Firing(e.getRule().getName(), mode(e.getRule()), o, about(firing)));
                    commandHandles.add(e.getFactHandle());
                }
            }
        });
    }

    /**
     * Runs the rules for one event. {@code related} facts (e.g. IngressPermission) are visible only
     * during this call; the event itself stays for correlation until it expires, and so do related
     * {@link EventContext} facts (investigation results), so that a {@code not} on them cannot turn true later.
     *
     * @throws RuntimeException when a rule fails (the message names the rule and file); the event is
     *                          then removed from the session, which stays usable
     */
    public Evaluation evaluate(SecurityEvent event, List<?> related) {
        return evaluate(event, related, true);
    }

    /**
     * Like {@link #evaluate(SecurityEvent, List)}; with {@code canMatch} false (an {@link EventFilter} found the event
     * inert) the event is not inserted: the clock still moves to its time and rules still fire (a {@code not} can turn
     * true as events expire), related facts are still inserted. An event with investigation context is always inserted.
     */
    public Evaluation evaluate(SecurityEvent event, List<?> related, boolean canMatch) {
        Objects.requireNonNull(event, "event");
        boolean insertEvent = canMatch || hasContext(related);
        if (!warmed.isEmpty()) {
            replaceWarmed(event.id());
        }
        if (!insertEvent && (related == null || related.isEmpty()) && quietUntil(event.timestamp())) {
            // nothing to insert, nothing left to propagate, no timer due by then: fireAllRules would do nothing
            ((SessionPseudoClock) session.getSessionClock())
                    .advanceTime(event.timestamp() - clockMillis(), TimeUnit.MILLISECONDS);
            refraction.prune(clockMillis());
            return Evaluation.NONE;
        }
        startRound(event);
        if (followEvents) {
            SessionPseudoClock clock = session.getSessionClock();
            long ahead = event.timestamp() - clock.getCurrentTime();
            if (ahead > 0) { // never backwards: a late event keeps the clock where it is
                clock.advanceTime(ahead, TimeUnit.MILLISECONDS);
            }
        }
        List<FactHandle> relatedHandles = new ArrayList<>();
        List<FactHandle> kept = new ArrayList<>();
        FactHandle eventHandle = null;
        boolean deleted = false;
        try {
            if (insertEvent) {
                eventHandle = session.insert(event);
                if (warming) {
                    warmed.put(event.id(), eventHandle);
                }
            }
            if (related != null) {
                for (Object o : related) {
                    FactHandle h = session.insert(Objects.requireNonNull(o, "related fact"));
                    (o instanceof EventContext ? kept : relatedHandles).add(h);
                }
            }
            session.fireAllRules(match -> !refraction.firedBefore(match));
        } catch (RuntimeException e) {
            // a rule threw (e.g. a null dereference): drop the event so it cannot fail later evaluations too
            if (eventHandle != null && session.getObject(eventHandle) != null) { // may have expired already
                session.delete(eventHandle);
            }
            kept.forEach(session::delete);
            kept.clear();
            deleted = true; // and the failed fireAllRules may have left matches on the agenda
            throw e;
        } finally {
            if (!kept.isEmpty()) {
                contextHandles.put(eventHandle, kept);
            }
            endRound(deleted, relatedHandles);
        }
        return result();
    }

    /**
     * Replays one event of the correlation journal: {@link #evaluate} on this session's clock (moved there with
     * {@link #advanceTo} first). The caller decides what to do with what fires (a warm-up carries out nothing that
     * was decided already). Should the same event (by id) be evaluated again later, as a redelivered message is, its
     * warmed copy is replaced rather than kept twice.
     */
    public Evaluation warm(SecurityEvent event, List<?> with) {
        warming = true;
        try {
            return evaluate(event, with, true);
        } finally {
            warming = false;
        }
    }

    /**
     * Moves a pseudo clock to {@code epochMillis}, never backwards: how the live service keeps its session on the wall
     * clock ({@link RuleSet#newWallSession()}) and a warm-up replays the journal on the times events were taken in.
     */
    public void advanceTo(long epochMillis) {
        if (!pseudoClock) {
            throw new IllegalStateException("a real-time session's clock cannot be moved");
        }
        long ahead = epochMillis - clockMillis();
        if (ahead > 0) {
            ((SessionPseudoClock) session.getSessionClock()).advanceTime(ahead, TimeUnit.MILLISECONDS);
        }
    }

    /** Deletes the warmed copy of event {@code id} (and its context), so that the event evaluated now is held once. */
    private void replaceWarmed(String id) {
        FactHandle h = warmed.remove(id);
        if (h != null && session.getObject(h) != null) {
            List<FactHandle> context = contextHandles.remove(h);
            if (context != null) {
                context.forEach(session::delete);
            }
            session.delete(h);
            pending = true;
        }
    }

    /** The evaluated event if the match holds it, else the newest event it holds (by event time), else null. */
    private SecurityEvent about(Match match) {
        if (match == null) {
            return evaluating;
        }
        SecurityEvent newest = null;
        for (Object o : match.getObjects()) {
            if (o == evaluating && o != null) {
                return evaluating;
            }
            if (o instanceof SecurityEvent e && (newest == null || e.timestamp() > newest.timestamp())) {
                newest = e;
            }
        }
        return newest;
    }

    /** A loop, not a stream: this runs for every replayed event (a stream here was a tenth of the rule thread). */
    private static boolean hasContext(List<?> related) {
        if (related != null) {
            for (Object o : related) {
                if (o instanceof EventContext) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs the rules without a new event, so that rules that fire as time passes (a {@code not ... after[0s, 5m] $e}
     * whose five minutes are over, an expiry that makes a {@code not} true) fire now rather than with the next event.
     * The live service calls this periodically; a replay does not need it (its clock moves with the events, and each
     * evaluation fires what came due before it). Each {@link Firing} names the event it is {@link Firing#about}.
     *
     * @throws RuntimeException when a rule fails; the session stays usable
     */
    public Evaluation tick() {
        if (!warmed.isEmpty()) {
            warmed.values().removeIf(h -> session.getObject(h) == null); // expired: nothing left to replace
        }
        startRound(null);
        boolean deleted = false;
        try {
            session.fireAllRules(match -> !refraction.firedBefore(match));
        } catch (RuntimeException e) {
            deleted = true; // the failed fireAllRules may have left matches on the agenda
            throw e;
        } finally {
            endRound(deleted, List.of());
        }
        return result();
    }

    /** Before a fireAllRules of {@link #evaluate} or {@link #tick}: forget the last round's results. */
    private void startRound(SecurityEvent event) {
        fired.clear();
        firings.clear();
        commandHandles.clear();
        evaluating = event;
    }

    /**
     * After it, even when it failed: delete the round's related facts and commands and the context of expired events,
     * and remember whether anything was deleted (its retraction propagates only with the next fireAllRules).
     */
    private void endRound(boolean deleted, List<FactHandle> relatedHandles) {
        deleted |= !relatedHandles.isEmpty() || !commandHandles.isEmpty();
        relatedHandles.forEach(session::delete);
        commandHandles.forEach(session::delete);
        deleted |= dropContextOfExpiredEvents();
        pending = deleted;
        evaluating = null;
    }

    private Evaluation result() {
        refraction.prune(clockMillis());
        return new Evaluation(List.copyOf(fired), List.copyOf(firings));
    }

    /**
     * Whether the session would do nothing between now and {@code until} (epoch millis): nothing deleted since the
     * last fireAllRules and the next timer (an event's expiry, a window's) due later. Only for a pseudo clock.
     */
    private boolean quietUntil(long until) {
        if (!followEvents || pending) {
            return false;
        }
        long now = clockMillis();
        if (until < now) {
            return false; // a late event: evaluated as always
        }
        try {
            // -1 means no timer at all or one a millisecond overdue: not told apart, so not quiet
            long toNext = ((TimerService) session.getSessionClock()).getTimeToNextJob();
            return toNext >= 0 && now + toNext > until;
        } catch (RuntimeException | LinkageError e) {
            return false; // another clock or Drools version: evaluate as always
        }
    }

    /** @return whether any context was deleted */
    private boolean dropContextOfExpiredEvents() {
        boolean deleted = false;
        for (Iterator<Map.Entry<FactHandle, List<FactHandle>>> it =
                        contextHandles.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<FactHandle, List<FactHandle>> e = it.next();
            if (session.getObject(e.getKey()) == null) {
                e.getValue().forEach(session::delete);
                it.remove();
                deleted = true;
            }
        }
        return deleted;
    }

    /** Facts currently held (events not yet expired): lets tests prove memory stays bounded. */
    long factCount() {
        return session.getFactCount();
    }

    /** Remembered firings (see {@link Refraction}): lets tests prove they stay bounded too. */
    int refractionSize() {
        return refraction.size();
    }

    /** Current session time in epoch millis. */
    long clockMillis() {
        return session.getSessionClock().getCurrentTime();
    }

    private static String mode(Rule rule) {
        Object m = rule.getMetaData().get("mode");
        if (m == null) {
            return null;
        }
        String s = m.toString();
        // Drools keeps the quotes of some metadata values
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    @Override
    public void close() {
        session.dispose();
    }
}
