package dev.riposte.pipeline;

import dev.riposte.command.ActionCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@link ActionCommand#onceWithin}: per rule and key, the event time and id of the firing that last acted. Time is the
 * events' own (never the wall clock), so serve and replay decide alike. Windows that ended are dropped as the map grows.
 */
final class OnceWindows {
    private record Acted(Instant at, Instant until, String eventId) {}

    private final Map<String, Acted> acted = new HashMap<>();
    private int pruneAt = 1024;

    /**
     * @return null when the firing may act (its window then starts at {@code eventTime}), else the reason it is held
     *         back
     */
    synchronized String holdBack(String rule, ActionCommand.Once once, Instant eventTime, String eventId) {
        String key = rule + "\u0000" + once.key();
        Acted last = acted.get(key);
        if (last != null && eventTime.isBefore(last.until())) {
            return "once within " + human(once.period()) + " per key '" + once.key() + "': already acted at "
                    + last.at() + " (event " + last.eventId() + ")";
        }
        acted.put(key, new Acted(eventTime, eventTime.plus(once.period()), eventId));
        if (acted.size() >= pruneAt) {
            for (Iterator<Acted> it = acted.values().iterator(); it.hasNext(); ) {
                if (!eventTime.isBefore(it.next().until())) {
                    it.remove();
                }
            }
            pruneAt = Math.max(1024, acted.size() * 2);
        }
        return null;
    }

    /** Forgets that a firing acted (it was deferred, e.g. rate-limited: it will come back and must act then). */
    synchronized void release(String rule, ActionCommand.Once once, String eventId) {
        String key = rule + "\u0000" + once.key();
        Acted last = acted.get(key);
        if (last != null && last.eventId().equals(eventId)) {
            acted.remove(key);
        }
    }

    /** 10m, 1h, 90s: as config durations are written. */
    private static String human(Duration d) {
        long s = d.toSeconds();
        if (d.toNanos() % 1_000_000_000L != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
