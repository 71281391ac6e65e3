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
 */
final class CorrelationJournal {
    private static final Logger LOG = Logger.getLogger(CorrelationJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final Journal store;
    private final Clock clock;
    private final int limit;
    private final AtomicLong failures = new AtomicLong();
    private long sinceTrim;
    private volatile long lastWarning;

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

    /** Journals {@code event} and the facts inserted beside it, taken in at {@code at}, kept for {@code keep}. */
    void event(long at, SecurityEvent event, List<Object> with, Duration keep) {
        try {
            store.append(
                    new Journal.Entry(Instant.ofEpochMilli(at), Journal.Kind.EVENT, FactJson.encode(event, with)),
                    keep);
            if (++sinceTrim >= Math.max(1000, limit / 2)) {
                sinceTrim = 0;
                store.trim(clock.instant().minus(keep), limit);
            }
        } catch (RuntimeException e) {
            failed("event " + event.id(), e);
        }
    }

    /** Journals that {@code f}, which came due as time passed, was carried out. */
    void fired(Firing f, Duration keep) {
        if (f.about() == null) {
            return;
        }
        try {
            String body = JSON.createObjectNode()
                    .put("rule", f.rule())
                    .put("about", f.about().id())
                    .toString();
            store.append(new Journal.Entry(clock.instant(), Journal.Kind.FIRED, body), keep);
        } catch (RuntimeException e) {
            failed("the firing of " + f.rule() + " about " + f.about().id(), e);
        }
    }

    /** The journal from {@code now - keep}, trimmed to that first; entries that cannot be read are skipped and logged. */
    Replay replay(Duration keep) {
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

    private void failed(String what, RuntimeException e) {
        failures.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastWarning >= WARN_EVERY_MILLIS) {
            lastWarning = now;
            LOG.errorf(
                    "journal %s: %s not written (%s); a restart or reload would not correlate it (%d entries lost so far)",
                    store.describe(), what, e.getMessage(), failures.get());
        }
    }
}
