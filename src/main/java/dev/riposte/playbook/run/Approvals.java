package dev.riposte.playbook.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Playbook steps marked {@code approval: required}, waiting for an operator. A step waits until it is taken
 * for approval or rejection, or until it expires ({@code riposte.approvals.expiry}); whoever holds it then
 * continues the run. Held in memory: a restart drops what was pending (the audit shows each as awaiting approval).
 * Public: the pipeline parks steps here, the admin API lists and decides them.
 */
public final class Approvals {
    private final Duration expiry;
    private final Clock clock;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    public Approvals(Duration expiry, Clock clock) {
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("riposte.approvals.expiry must be positive, got " + expiry);
        }
        this.expiry = expiry;
        this.clock = clock;
    }

    /**
     * One step waiting for approval.
     *
     * @param rule   the rule that started the run
     * @param origin where the triggering event came from (file:line, http, sqs)
     */
    public record Pending(String id, Instant created, Instant expires, String rule, String origin, PlaybookRunner.Waiting waiting) {

        /** What an operator sees: enough to decide without the raw event. */
        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("created", created.toString());
            m.put("expires", expires.toString());
            m.put("playbook", waiting.playbook());
            m.put("run", waiting.runId());
            m.put("step", waiting.step().number());
            m.put("name", waiting.step().name());
            m.put("action", waiting.step().action());
            m.put("target", waiting.step().target());
            m.put("params", waiting.step().params());
            m.put("rule", rule);
            m.put("eventId", waiting.event() == null ? null : waiting.event().id());
            m.put("account", waiting.event() == null ? null : waiting.event().account());
            m.put("region", waiting.event() == null ? null : waiting.event().region());
            return m;
        }
    }

    public synchronized Pending add(PlaybookRunner.Waiting waiting, String rule, String origin) {
        Instant now = clock.instant();
        Pending p = new Pending(UUID.randomUUID().toString().substring(0, 12), now, now.plus(expiry), rule, origin, waiting);
        pending.put(p.id(), p);
        return p;
    }

    /** Steps still waiting, oldest first (expired ones are not shown; {@link #expire()} hands them out). */
    public synchronized List<Pending> list() {
        Instant now = clock.instant();
        return pending.values().stream().filter(p -> p.expires().isAfter(now)).toList();
    }

    /** Removes and returns the step {@code id} for a decision; empty when unknown, already decided or expired. */
    public synchronized Optional<Pending> take(String id) {
        Pending p = pending.get(id);
        if (p == null || !p.expires().isAfter(clock.instant())) {
            return Optional.empty();
        }
        pending.remove(id);
        return Optional.of(p);
    }

    /** Removes and returns the steps whose time ran out. */
    public synchronized List<Pending> expire() {
        Instant now = clock.instant();
        List<Pending> out = new ArrayList<>();
        pending.values().removeIf(p -> {
            if (!p.expires().isAfter(now)) {
                out.add(p);
                return true;
            }
            return false;
        });
        return out;
    }
}
