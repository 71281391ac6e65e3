package dev.riposte.playbook.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.riposte.playbook.PlannedStep;
import dev.riposte.state.ApprovalStore;
import dev.riposte.state.ApprovalStore.Approval;
import dev.riposte.state.ApprovalStore.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Playbook steps marked {@code approval: required}, waiting for an operator, in the state backend's
 * {@link ApprovalStore}: with DynamoDB every replica lists them and may record a decision, and the replica that owns the
 * rules carries each decided step out, once; with files (and in replay) they live in this process's memory, so a
 * restart drops what was pending (the audit shows each as awaiting approval). A step that nobody decides on expires
 * after {@code riposte.approvals.expiry}. Public: the pipeline parks steps here, the admin API lists and decides them.
 */
public final class Approvals {
    private static final Logger LOG = Logger.getLogger(Approvals.class);
    /** The parked step as the store keeps it: JSON of the run's state (is-getters of facts are derived, not state). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** How long a claim to carry out a decided step holds before another owner may take it (its holder died). */
    static final Duration CLAIM_HOLDS = Duration.ofMinutes(5);

    private final ApprovalStore store;
    private final Duration expiry;
    private final Clock clock;

    /** Approvals in this process's memory. */
    public Approvals(Duration expiry, Clock clock) {
        this(ApprovalStore.inMemory(), expiry, clock);
    }

    public Approvals(ApprovalStore store, Duration expiry, Clock clock) {
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("riposte.approvals.expiry must be positive, got " + expiry);
        }
        this.store = store;
        this.expiry = expiry;
        this.clock = clock;
    }

    /**
     * One step waiting for approval.
     *
     * @param rule   the rule that started the run
     * @param origin where the triggering event came from (file:line, http, sqs)
     */
    public record Pending(
            String id, Instant created, Instant expires, String rule, String origin, PlaybookRunner.Waiting waiting) {

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

    /**
     * The answer to an operator's decision: the step as decided, or why the decision does not count.
     *
     * @param refused null when the decision was recorded; else why not (decided before, expired, unknown)
     * @param known   false when no step has that id
     */
    public record Decision(Pending pending, String refused, boolean known) {

        public boolean recorded() {
            return refused == null;
        }
    }

    /** A step decided (or expired) and not yet carried out. {@code by}: who approved or rejected it; null when it expired. */
    public record Decided(Pending pending, Status decision, String by) {}

    /** What the store keeps of a parked step (JSON; registered for reflection so a native image can read it back). */
    @RegisterForReflection(targets = {Parked.class, PlaybookRunner.Waiting.class, PlannedStep.class})
    record Parked(String rule, String origin, PlaybookRunner.Waiting waiting) {}

    public Pending add(PlaybookRunner.Waiting waiting, String rule, String origin) {
        Instant now = clock.instant();
        Pending p = new Pending(
                UUID.randomUUID().toString().substring(0, 12), now, now.plus(expiry), rule, origin, waiting);
        try {
            store.add(p.id(), p.created(), p.expires(), JSON.writeValueAsString(new Parked(rule, origin, waiting)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot keep the step waiting for approval: " + e.getOriginalMessage(), e);
        }
        return p;
    }

    /** Steps still waiting, oldest first (expired ones are not shown; the owner of the rules carries them out). */
    public List<Pending> list() {
        return readable(store.pending(clock.instant())).stream()
                .map(Approvals::pending)
                .toList();
    }

    /** Records an operator's decision on step {@code id}: approved ({@code approve}) or rejected by {@code who}. */
    public Decision decide(String id, boolean approve, String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("a decision needs the operator's name");
        }
        Instant now = clock.instant();
        ApprovalStore.Decision d = store.decide(id, approve ? Status.APPROVED : Status.REJECTED, who, now);
        if (d.current().isEmpty()) {
            return new Decision(null, "no step waiting for approval with id " + id, false);
        }
        Approval a = d.current().get();
        if (d.recorded()) {
            return new Decision(pending(a), null, true);
        }
        String why = switch (a.status()) {
            case APPROVED -> "was approved by " + a.decidedBy() + " at " + a.decidedAt();
            case REJECTED -> "was rejected by " + a.decidedBy() + " at " + a.decidedAt();
            case EXPIRED, PENDING -> "expired at " + a.expires() + " (riposte.approvals.expiry)";
        };
        return new Decision(
                pending(a),
                "approval " + id + " " + why + ": it cannot be " + (approve ? "approved" : "rejected"),
                true);
    }

    /** Marks the steps whose time ran out as expired, then lists every step decided and not yet carried out, oldest first. */
    public List<Decided> decided() {
        Instant now = clock.instant();
        store.expire(now);
        List<Decided> out = new ArrayList<>();
        for (Approval a : readable(store.decided(now))) {
            out.add(new Decided(pending(a), a.status(), a.decidedBy()));
        }
        return out;
    }

    /**
     * Takes decided step {@code id} to carry it out: true for exactly one caller, on any replica. Should this replica die
     * before {@link #done}, the next owner of the rules takes it again after {@link #CLAIM_HOLDS} (the action's
     * idempotency record keeps a change that was made from being made twice).
     */
    public boolean claim(String id) {
        return store.claim(id, clock.instant(), CLAIM_HOLDS);
    }

    /** Claimed step {@code id} was carried out (run or skipped, and its run went on). */
    public void done(String id) {
        store.done(id, clock.instant());
    }

    /** The first decided step, claimed: for a decision just recorded by this replica's owner of the rules. */
    Optional<Decided> claimNow(Decision d) {
        if (!d.recorded() || !claim(d.pending().id())) {
            return Optional.empty();
        }
        return store.get(d.pending().id()).map(a -> new Decided(d.pending(), a.status(), a.decidedBy()));
    }

    /** Those that this version can read; the others are logged and left alone (never claimed, so never lost). */
    private static List<Approval> readable(List<Approval> all) {
        List<Approval> out = new ArrayList<>();
        for (Approval a : all) {
            try {
                pending(a);
                out.add(a);
            } catch (IllegalStateException e) {
                LOG.error(e.getMessage());
            }
        }
        return out;
    }

    private static Pending pending(Approval a) {
        Parked p;
        try {
            p = JSON.readValue(a.payload(), Parked.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "approval " + a.id() + " cannot be read (" + e.getOriginalMessage()
                            + "); it was written by another version of riposte",
                    e);
        }
        return new Pending(a.id(), a.created(), a.expires(), p.rule(), p.origin(), p.waiting());
    }
}
