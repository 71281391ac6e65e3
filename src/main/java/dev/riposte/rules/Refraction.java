package dev.riposte.rules;

import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.kie.api.runtime.rule.Match;

/**
 * Lets a rule fire at most once for the same combination of facts. Drools re-fires a match whenever
 * an accumulate inside it changes, e.g. when one of five counted failures expires, which would
 * repeat a notification long after the fact. Keys hold the matched events by identity (a redelivered
 * event is a new object and may fire again) and the fact-model values ({@code Resource}, ...) by
 * equality; accumulate results are left out, so a changed count does not make a new key. Keys are
 * dropped once their newest event has expired, which bounds memory like the events themselves.
 */
final class Refraction {

    private static final String FACT_PACKAGE = SecurityEvent.class.getPackageName();

    private record Same(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Same s && s.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }

    private final long expiryMillis;
    private final Map<List<Object>, Long> fired = new HashMap<>(); // key -> newest event timestamp
    // the same keys by when they expire, so pruning looks only at the expired ones (not the whole map per event)
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparingLong(Expiry::newest));

    private record Expiry(long newest, List<Object> key) {}

    Refraction(Duration eventExpiry) {
        this.expiryMillis = eventExpiry.toMillis();
    }

    boolean firedBefore(Match match) {
        List<Object> key = key(match);
        return key != null && fired.containsKey(key);
    }

    void recordFiring(Match match) {
        List<Object> key = key(match);
        if (key != null) {
            long newest = Long.MIN_VALUE;
            for (Object o : key) {
                if (o instanceof Same s && s.o() instanceof SecurityEvent e) {
                    newest = Math.max(newest, e.timestamp());
                }
            }
            fired.put(key, newest);
            expiries.add(new Expiry(newest, key));
        }
    }

    /** Forgets keys whose events have all expired at {@code nowMillis}: they cannot match again. */
    void prune(long nowMillis) {
        while (!expiries.isEmpty() && expiries.peek().newest() + expiryMillis < nowMillis) {
            Expiry e = expiries.poll();
            fired.remove(e.key(), e.newest());
        }
    }

    int size() {
        return fired.size();
    }

    /** Rule name plus the matched facts; null when no event is involved (nothing to refract on). */
    private static List<Object> key(Match match) {
        List<Object> key = new ArrayList<>();
        key.add(match.getRule().getPackageName() + "." + match.getRule().getName());
        boolean event = false;
        for (Object o : match.getObjects()) {
            if (o instanceof SecurityEvent) {
                key.add(new Same(o));
                event = true;
            } else if (o != null && o.getClass().getPackageName().equals(FACT_PACKAGE)) {
                key.add(o);
            }
        }
        return event ? key : null;
    }
}
