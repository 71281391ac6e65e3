package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.FactJson;
import dev.riposte.rules.Firing;
import dev.riposte.state.Journal;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The rules owner's side of the correlation journal ({@link Journal}, in the state backend): every event a rule can
 * reach, as the rule session took it in (its clock's time and the facts inserted beside it), and every firing that
 * came due as time passed and was carried out (rule and the event it is about). A new session is warmed from it
 * ({@link RuleStage#warm}). Writing it never stops a decision: an entry that cannot be written is logged and counted,
 * and only the correlation of that event after a restart is lost.
 *
 * <p>Bounded: entries older than the rule set's event expiry are not read, and beyond {@code limit} events only the
 * newest are (the file is rewritten to that every {@code limit / 2} appends).
 *
 * <p>Group commit: the session only queues an entry under its lock ({@link #take}, no I/O); the caller then waits,
 * outside that lock, until it is written ({@link #written}). The first waiter writes everything queued so far in one
 * batch while later entries queue up behind it, so entries reach the store in the order the session took them in, one
 * round trip carries the entries of every worker waiting at that moment, and a slow store never holds up the rules. A
 * warm-up first writes what is queued ({@link #replay}), so it reads every event taken in before it.
 */
final class CorrelationJournal {
    private static final Logger LOG = Logger.getLogger(CorrelationJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final Journal store;
    private final Clock clock;
    private final int limit;
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastWarning;
    // the queue: entries taken in and not yet written; tickets count them from 1, in the order taken in
    private final Object queue = new Object();
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private long taken; // the last ticket given
    private long done; // every ticket up to this one is written (or failed)
    private boolean writing; // a caller is writing a batch now
    private long sinceTrim; // entries written since the last trim; only the writer touches it

    /** An entry waiting to be written, kept for {@code keep}; {@code what} names it in a failure. */
    private record Queued(Journal.Entry entry, Duration keep, String what) {}

    CorrelationJournal(Journal store, Clock clock, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("riposte.journal.max-entries must be at least 1, got " + limit);
        }
        this.store = store;
        this.clock = clock;
        this.limit = limit;
    }

    /** One event of the journal: when the session took it in, and the facts rebuilt exactly. */
    record Taken(Instant time, FactJson.Decoded fact) {}

    /**
     * What a warm-up replays: the events in the order they were taken in, and which firings (rule and event id,
     * {@link #mark}) were carried out already.
     */
    record Replay(List<Taken> events, Set<String> fired) {}

    /**
     * Queues {@code event} and the facts inserted beside it, taken in at {@code at}, kept for {@code keep}: called under
     * the session's lock, it only encodes; {@link #written} with the ticket it returns writes it.
     *
     * @return the entry's ticket, 0 when it could not even be encoded (logged and counted)
     */
    long take(long at, SecurityEvent event, List<Object> with, Duration keep) {
        Journal.Entry entry;
        try {
            entry = new Journal.Entry(Instant.ofEpochMilli(at), Journal.Kind.EVENT, FactJson.encode(event, with));
        } catch (RuntimeException e) {
            failed("event " + event.id(), e, 1);
            return 0;
        }
        return queue(new Queued(entry, keep, "event " + event.id()));
    }

    /** Journals that {@code f}, which came due as time passed, was carried out; returns once it is written. */
    void fired(Firing f, Duration keep) {
        if (f.about() == null) {
            return;
        }
        String body = JSON.createObjectNode()
                .put("rule", f.rule())
                .put("about", f.about().id())
                .toString();
        written(queue(new Queued(
                new Journal.Entry(clock.instant(), Journal.Kind.FIRED, body),
                keep,
                "the firing of " + f.rule() + " about " + f.about().id())));
    }

    private long queue(Queued q) {
        synchronized (queue) {
            queued.add(q);
            return ++taken;
        }
    }

    /**
     * Returns once the entry of {@code ticket} and every one taken in before it are written (or failed: logged and
     * counted). The caller that finds nobody writing writes the whole queue itself, as one batch.
     */
    void written(long ticket) {
        while (true) {
            List<Queued> batch;
            synchronized (queue) {
                while (done < ticket && writing) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // shutting down: the writer in progress finishes it
                        return;
                    }
                }
                if (done >= ticket) {
                    return;
                }
                writing = true;
                batch = new ArrayList<>(queued);
                queued.clear();
            }
            try {
                write(batch);
            } finally {
                synchronized (queue) {
                    done += batch.size();
                    writing = false;
                    queue.notifyAll();
                }
            }
        }
    }

    /** Writes everything queued so far. */
    void flush() {
        long last;
        synchronized (queue) {
            last = taken;
        }
        written(last);
    }

    /** One batch, in order; a run of entries with the same retention goes to the store in one call. */
    private void write(List<Queued> batch) {
        int from = 0;
        while (from < batch.size()) {
            Duration keep = batch.get(from).keep();
            int to = from + 1;
            while (to < batch.size() && batch.get(to).keep().equals(keep)) {
                to++;
            }
            List<Queued> run = batch.subList(from, to);
            try {
                store.append(run.stream().map(Queued::entry).toList(), keep);
                sinceTrim += run.size();
                if (sinceTrim >= Math.max(1000, limit / 2)) {
                    sinceTrim = 0;
                    store.trim(clock.instant().minus(keep), limit);
                }
            } catch (RuntimeException e) {
                failed(run.size() == 1 ? run.get(0).what() : run.size() + " entries", e, run.size());
            }
            from = to;
        }
    }

    /** The journal from {@code now - keep}, trimmed to that first; entries that cannot be read are skipped and logged. */
    Replay replay(Duration keep) {
        flush(); // every event taken in before this warm-up is read by it
        Instant from = clock.instant().minus(keep);
        try {
            store.trim(from, limit);
        } catch (RuntimeException e) {
            LOG.warnf("journal %s not trimmed: %s", store.describe(), e.getMessage());
        }
        List<Taken> events = new ArrayList<>();
        Set<String> fired = new HashSet<>();
        int bad = 0;
        for (Journal.Entry e : store.read(from, limit)) {
            try {
                if (e.kind() == Journal.Kind.EVENT) {
                    events.add(new Taken(e.time(), FactJson.decode(e.body())));
                } else {
                    JsonNode m = JSON.readTree(e.body());
                    fired.add(mark(m.path("rule").asText(), m.path("about").asText()));
                }
            } catch (IOException | IllegalArgumentException ex) {
                bad++;
            }
        }
        if (bad > 0) {
            LOG.warnf(
                    "journal %s: %d entr%s could not be read and %s skipped",
                    store.describe(), bad, bad == 1 ? "y" : "ies", bad == 1 ? "was" : "were");
        }
        return new Replay(events, fired);
    }

    /** The key of a carried-out firing: rule and the id of the event it is about. */
    static String mark(String rule, String aboutId) {
        return rule + "\u0000" + aboutId;
    }

    /** Entries that could not be written since the start. */
    long failures() {
        return failures.get();
    }

    Clock clock() {
        return clock;
    }

    private void failed(String what, RuntimeException e, int entries) {
        failures.addAndGet(entries);
        long now = System.currentTimeMillis();
        if (now - lastWarning >= WARN_EVERY_MILLIS) {
            lastWarning = now;
            LOG.errorf(
                    "journal %s: %s not written (%s); a restart or reload would not correlate it (%d entries lost so far)",
                    store.describe(), what, e.getMessage(), failures.get());
        }
    }
}
