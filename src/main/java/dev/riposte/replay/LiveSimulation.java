package dev.riposte.replay;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.audit.IsoInstant;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.Throttle;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.BreakerStatus;
import dev.riposte.guard.GuardSettings;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.text.Human;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What live ({@code riposte.dry-run=false}) would have done with each command replay plans, decided on event time by
 * the same breaker and rate limits the service runs (in memory: the live state is never touched, and nothing calls
 * AWS). It sits in front of the replay's audit sink: every record the pipeline writes passes through, and a planned
 * dry-run command gets {@code simulated = {outcome, at, reason}}:
 * <ul>
 *   <li>{@code breaker-open}: the blast-radius breaker would have parked it (it stays open: no operator resets it in a replay);
 *   <li>{@code rate-limited}: the rate limits would have deferred it past {@code riposte.rate-limit.max-wait};
 *       it is carried out when its tokens come, {@code at}, never dropped;
 *   <li>{@code executed}: sent to AWS at {@code at} (after a short rate-limit wait, if {@code reason} says so);
 *   <li>{@code shadow}: the command of a {@code @mode("shadow")} rule, which live only plans too.
 * </ul> Steps that wait for approval wait on event time
 * ({@link #approvals()}), and expire after {@code riposte.approvals.expiry} of it, as no operator decides in a replay.
 * The breaker counts a command when it is decided, also one the rate limits defer. Used by the decisions thread only.
 */
final class LiveSimulation implements AuditSink {
    private static final long APPROVAL_CHECK_MILLIS = 60_000;

    private final AuditSink audit;
    private final ActionCatalogue catalogue;
    private final EventClock clock;
    private final Breaker breaker;
    private final Throttle throttle;
    private final Duration maxWait;
    private final Approvals approvals;
    private final List<AuditRecord> written = new ArrayList<>();
    private long executed;
    private long shadow;
    private long deferred;
    private long longestDeferralMs;
    private long awaitingApproval;
    private long nextApprovalCheck = Long.MIN_VALUE;

    /**
     * @param throttle the rate limits on {@code clock} ({@code RateLimiter#onTimeline}), {@link Throttle#NONE} for none
     * @param maxWait  how long live lets a command wait for its tokens before deferring it
     */
    LiveSimulation(
            AuditSink audit,
            ActionCatalogue catalogue,
            GuardSettings guard,
            EventClock clock,
            Throttle throttle,
            Duration maxWait) {
        this.audit = audit;
        this.catalogue = catalogue;
        this.clock = clock;
        this.breaker = Breaker.simulation(guard, clock);
        this.throttle = throttle;
        this.maxWait = maxWait;
        this.approvals = new Approvals(guard.approvalExpiry(), clock);
    }

    /** Where the replay's playbook steps wait for approval: on event time. */
    Approvals approvals() {
        return approvals;
    }

    /** Event time has reached {@code t}: approvals due by then expire (checked once a minute of event time). */
    void advanceTo(Instant t, Pipeline pipeline) {
        clock.advanceTo(t);
        if (clock.millis() >= nextApprovalCheck) {
            nextApprovalCheck = clock.millis() + APPROVAL_CHECK_MILLIS;
            pipeline.carryOutApprovals();
        }
    }

    @Override
    public void write(AuditRecord record) {
        AuditRecord r = simulate(record);
        audit.write(r);
        written.add(r);
    }

    /** The records written since the last call, with what live would have done. */
    List<AuditRecord> drain() {
        List<AuditRecord> out = List.copyOf(written);
        written.clear();
        return out;
    }

    @Override
    public void close() {
        audit.close();
    }

    private AuditRecord simulate(AuditRecord r) {
        if (r.outcome() == Outcome.SKIPPED
                && r.playbook() != null
                && r.playbook().containsKey("approval")) {
            awaitingApproval++;
            return r;
        }
        if (r.outcome() != Outcome.PLANNED || r.action() == null) {
            return r;
        }
        if (r.mode() == Mode.SHADOW) {
            shadow++;
            return r.withSimulated(
                    simulated("shadow", clock.instant(), "a @mode(\"shadow\") rule: live only plans it too"));
        }
        if (r.mode() != Mode.DRY_RUN) {
            return r;
        }
        Optional<ActionHandler> handler = catalogue.find(r.action());
        if (handler.isEmpty()) {
            return r;
        }
        Instant now = clock.instant();
        List<AwsRequest> plan = plan(r);
        ActionContext ctx = new ActionContext(
                new ActionCommand(r.action(), r.target(), r.params()), null, r.account(), r.region(), null);
        DispatchCheck.Attempt attempt = new DispatchCheck.Attempt(handler.get().spec(), ctx, Mode.LIVE, plan);
        Optional<DispatchCheck.Stop> stop = breaker.before(attempt);
        if (stop.isPresent()) {
            breaker.after(
                    attempt,
                    new DispatchResult(
                            Mode.LIVE,
                            Outcome.BREAKER_OPEN,
                            plan,
                            null,
                            stop.get().reason(),
                            0));
            return r.withSimulated(simulated("breaker-open", now, stop.get().reason()));
        }
        Throttle.Permit permit = throttle.acquire(r.action(), ctx.account(), ctx.region(), plan);
        breaker.after(attempt, new DispatchResult(Mode.LIVE, Outcome.SUCCEEDED, plan, null, null, 0));
        Duration wait = Duration.ofMillis(permit.waitedMs());
        Instant at = now.plus(wait);
        if (!permit.granted() || wait.compareTo(maxWait) > 0) {
            deferred++;
            longestDeferralMs = Math.max(longestDeferralMs, wait.toMillis());
            return r.withSimulated(simulated(
                    "rate-limited",
                    at,
                    permit.granted()
                            ? "the rate limits would have deferred it " + Human.duration(wait)
                                    + " (longer than riposte.rate-limit.max-wait " + Human.duration(maxWait)
                                    + "): carried out at " + IsoInstant.format(at)
                            : permit.reason()));
        }
        executed++;
        return r.withSimulated(simulated(
                "executed", at, wait.isZero() ? null : "waited " + Human.duration(wait) + " for rate-limit tokens"));
    }

    private static Map<String, Object> simulated(String outcome, Instant at, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", outcome);
        m.put("at", IsoInstant.format(at));
        if (reason != null) {
            m.put("reason", reason);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<AwsRequest> plan(AuditRecord r) {
        List<AwsRequest> out = new ArrayList<>();
        for (Map<String, Object> m : r.requests()) {
            Object params = m.get("parameters");
            out.add(new AwsRequest(
                    String.valueOf(m.get("service")),
                    String.valueOf(m.get("operation")),
                    params instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of()));
        }
        return out;
    }

    /** The totals for the report, at the end of the replay. */
    ReplayReport.Simulation report(GuardSettings guard) {
        BreakerStatus b = breaker.status();
        long stillWaiting = approvals.list().size();
        return new ReplayReport.Simulation(
                executed,
                deferred,
                longestDeferralMs,
                shadow,
                b.parked(),
                b.openedAt(),
                b.reason(),
                b.openAccounts().keySet().stream().sorted().toList(),
                guard.breakerLimit(),
                guard.perAccountLimit(),
                guard.breakerWindow().toString(),
                maxWait.toString(),
                awaitingApproval,
                awaitingApproval - stillWaiting,
                stillWaiting,
                guard.approvalExpiry().toString());
    }
}
