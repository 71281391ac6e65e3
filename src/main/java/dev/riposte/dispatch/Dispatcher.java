package dev.riposte.dispatch;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out one command: resolve the action, validate, plan, run the {@link DispatchCheck}s, then either
 * record the plan (dry-run, shadow) or execute it (live). Before anything goes to AWS (live, or DryRun validation)
 * the {@link Throttle} hands out rate-limit tokens; a command that cannot have them in time ends as
 * {@code rate-limited}, for its source to bring back later. Never throws for a bad command or a failing
 * action: every way it ends is a {@link DispatchResult}, so every command leaves an audit record.
 * Public: the pipeline and the CLI call it.
 */
public final class Dispatcher {
    private static final int MAX_ERROR = 500;

    private final ActionCatalogue catalogue;
    private final DispatchSettings settings;
    private final List<DispatchCheck> checks;
    private final Throttle throttle;

    public Dispatcher(ActionCatalogue catalogue, DispatchSettings settings) {
        this(catalogue, settings, List.of());
    }

    /** With guard rails, idempotency... run in order before a command is carried out; no rate limits. */
    public Dispatcher(ActionCatalogue catalogue, DispatchSettings settings, List<DispatchCheck> checks) {
        this(catalogue, settings, checks, Throttle.NONE);
    }

    /** With checks, and rate limits on every command that calls AWS. */
    public Dispatcher(
            ActionCatalogue catalogue, DispatchSettings settings, List<DispatchCheck> checks, Throttle throttle) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.checks = List.copyOf(checks);
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    public ActionCatalogue catalogue() {
        return catalogue;
    }

    public DispatchSettings settings() {
        return settings;
    }

    /**
     * @param event  the event that triggered the command (its account and region are where the action runs); may be null
     * @param shadow true when the emitting rule is {@code @mode("shadow")}: plan only, whatever the settings say
     */
    public DispatchResult dispatch(ActionCommand command, SecurityEvent event, boolean shadow) {
        return dispatch(command, event, shadow, null);
    }

    /**
     * As {@link #dispatch(ActionCommand, SecurityEvent, boolean)}, handing the event's investigation {@code report} (or null) to the
     * action.
     */
    public DispatchResult dispatch(ActionCommand command, SecurityEvent event, boolean shadow, EventReport report) {
        long start = System.nanoTime();
        Mode mode = Mode.of(shadow, settings.dryRun());
        List<String> problems = catalogue.validate(command);
        if (!problems.isEmpty()) {
            return result(mode, Outcome.FAILED, List.of(), null, String.join("; ", problems), start);
        }
        ActionHandler handler = catalogue.find(command.action()).orElseThrow();
        ActionContext ctx = context(command, event, report);
        List<AwsRequest> plan;
        try {
            plan = handler.plan(ctx);
        } catch (RuntimeException e) {
            return result(
                    mode,
                    Outcome.FAILED,
                    List.of(),
                    null,
                    "cannot plan " + command.action() + ": " + oneLine(e),
                    start);
        }
        DispatchCheck.Attempt attempt = new DispatchCheck.Attempt(handler.spec(), ctx, mode, plan);
        DispatchResult result = null;
        for (DispatchCheck check : checks) {
            Optional<DispatchCheck.Stop> stop;
            try {
                stop = check.before(attempt);
            } catch (RuntimeException e) {
                // a broken guard must not let the command through, nor lose its audit record
                stop = Optional.of(new DispatchCheck.Stop(
                        Outcome.FAILED, check.getClass().getSimpleName() + " failed: " + oneLine(e)));
            }
            if (stop.isPresent()) {
                result = result(
                        mode, stop.get().outcome(), plan, null, stop.get().reason(), start);
                break;
            }
        }
        if (result == null) {
            boolean live = mode == Mode.LIVE;
            boolean validate =
                    !live && settings.validateWithAws() && handler.spec().awsDryRun();
            Throttle.Permit permit = live || validate ? acquire(handler.spec().id(), ctx, plan) : Throttle.Permit.FREE;
            if (!permit.granted()) {
                result = result(mode, Outcome.RATE_LIMITED, plan, null, permit.reason(), start);
            } else if (live) {
                Optional<DispatchCheck.Stop> stop = claim(attempt);
                result = stop.isPresent()
                        ? result(
                                mode,
                                stop.get().outcome(),
                                plan,
                                null,
                                stop.get().reason(),
                                start)
                        : execute(handler, ctx, mode, start);
            } else if (validate) {
                result = validateWithAws(handler, ctx, mode, plan, start);
            } else {
                result = result(mode, Outcome.PLANNED, plan, null, null, start);
            }
            result = result.withRateLimitWait(permit.waitedMs());
        }
        for (DispatchCheck check : checks) {
            check.after(attempt, result);
        }
        return result;
    }

    /** The checks' claims, in order; one that breaks stops the command rather than let it run unrecorded. */
    private Optional<DispatchCheck.Stop> claim(DispatchCheck.Attempt attempt) {
        for (DispatchCheck check : checks) {
            try {
                Optional<DispatchCheck.Stop> stop = check.claim(attempt);
                if (stop.isPresent()) {
                    return stop;
                }
            } catch (RuntimeException e) {
                return Optional.of(new DispatchCheck.Stop(
                        Outcome.FAILED, check.getClass().getSimpleName() + " failed: " + oneLine(e)));
            }
        }
        return Optional.empty();
    }

    /** A throttle that breaks must not let the command through unlimited, nor lose it: it is deferred like a limited one. */
    private Throttle.Permit acquire(String action, ActionContext ctx, List<AwsRequest> plan) {
        try {
            return throttle.acquire(action, ctx.account(), ctx.region(), plan);
        } catch (RuntimeException e) {
            return new Throttle.Permit(false, 0, "rate limiter failed: " + oneLine(e));
        }
    }

    private DispatchResult execute(ActionHandler handler, ActionContext ctx, Mode mode, long start) {
        try {
            ExecutionResult r = handler.execute(ctx);
            return result(mode, r.outcome(), r.requests(), r.awsRequestId(), r.error(), start);
        } catch (RuntimeException e) {
            return result(mode, Outcome.FAILED, List.of(), null, oneLine(e), start);
        }
    }

    /** Still only planned, with AWS's DryRun verdict next to the plan; a validation that breaks is reported, not thrown. */
    private DispatchResult validateWithAws(
            ActionHandler handler, ActionContext ctx, Mode mode, List<AwsRequest> plan, long start) {
        long ms;
        try {
            AwsDryRun v = handler.validateWithAws(ctx);
            ms = (System.nanoTime() - start) / 1_000_000;
            return new DispatchResult(mode, Outcome.PLANNED, plan, v.awsRequestId(), v.message(), ms, v.verdict());
        } catch (RuntimeException e) {
            ms = (System.nanoTime() - start) / 1_000_000;
            return new DispatchResult(
                    mode, Outcome.PLANNED, plan, null, "AWS DryRun validation failed: " + oneLine(e), ms, "error");
        }
    }

    /**
     * Act in the event's account and region; a resource of the event that is the target and names its own
     * region wins (an event about a resource in another region), and its account fills a missing one.
     */
    static ActionContext context(ActionCommand command, SecurityEvent event) {
        return context(command, event, null);
    }

    static ActionContext context(ActionCommand command, SecurityEvent event, EventReport report) {
        if (event == null) {
            return new ActionContext(command, null, null, null, report);
        }
        String account = event.account();
        String region = event.region();
        Resource target = targetResource(command.target(), event);
        if (target != null) {
            if (target.region() != null && !target.region().isBlank()) {
                region = target.region();
            }
            if (account == null && target.account() != null) {
                account = target.account();
            }
        }
        return new ActionContext(command, event, account, region, report);
    }

    private static Resource targetResource(String target, SecurityEvent event) {
        if (target == null) {
            return null;
        }
        for (Resource r : event.resources()) {
            if (target.equals(r.id()) || target.equals(r.arn())) {
                return r;
            }
        }
        return null;
    }

    private static DispatchResult result(
            Mode mode, Outcome outcome, List<AwsRequest> requests, String requestId, String error, long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new DispatchResult(mode, outcome, requests, requestId, error, ms);
    }

    /** First line of the message (class name when there is none), bounded: audit lines stay one line. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl).strip();
        }
        return m.length() > MAX_ERROR ? m.substring(0, MAX_ERROR) + "..." : m;
    }
}
