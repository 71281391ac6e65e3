package dev.riposte.aws.investigate;

import dev.riposte.aws.client.ThrottledReads;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.Investigator;
import dev.riposte.dispatch.Throttle;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.text.Human;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the investigation steps for one event in parallel, each time-boxed by {@code timeout}, and serves a
 * resource's context from a cache for {@code cacheTtl} (a burst of findings about one instance costs one set of
 * reads). A step that fails or times out yields an {@link InvestigationIncomplete} fact instead of its context;
 * nothing here throws, so investigation never blocks remediation. Failed or partial results are not cached.
 * Public: the CDI wiring and tests construct it.
 */
public final class AwsInvestigator implements Investigator, AutoCloseable {
    private final List<InvestigationStep> steps;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Clock clock;
    private volatile Set<String> sources; // null: every source
    private volatile Throttle throttle = Throttle.NONE;
    private volatile Duration readWait = Duration.ofMillis(250);
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final StepFailures failures = new StepFailures();
    /** Reads under way, by cache key: a second event about the same resource waits for them instead of reading again. */
    private final Map<String, Future<Gathered>> inflight = new ConcurrentHashMap<>();

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "riposte-investigate");
        t.setDaemon(true); // a hung AWS call must not keep the JVM alive
        return t;
    });

    private record Cached(Object context, Instant expires) {}

    /** @param shared true when another event's read is awaited (its context is re-stamped; it is not cancelled here) */
    private record Task(InvestigationStep step, String target, String key, Future<Gathered> result, boolean shared) {}

    private record Gathered(Object context, List<String> problems) {}

    public AwsInvestigator(List<InvestigationStep> steps, Duration timeout, Duration cacheTtl) {
        this(steps, timeout, cacheTtl, Clock.systemUTC());
    }

    AwsInvestigator(List<InvestigationStep> steps, Duration timeout, Duration cacheTtl, Clock clock) {
        this.steps = List.copyOf(steps);
        this.timeout = requirePositive(timeout, "riposte.investigate.timeout");
        this.cacheTtl = Objects.requireNonNull(cacheTtl, "riposte.investigate.cache-ttl");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("riposte.investigate.cache-ttl must not be negative, got " + cacheTtl);
        }
        this.clock = clock;
    }

    private static Duration requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
        return d;
    }

    /**
     * Investigates only events of these sources ({@code riposte.investigate.sources}): findings are worth the reads,
     * while investigating every CloudTrail API call would cost AWS calls on each one.
     */
    public AwsInvestigator onlySources(Set<String> sources) {
        this.sources = Set.copyOf(sources);
        return this;
    }

    /** Reads take tokens from the same (account, region, operation) buckets as the actions ({@code riposte.rate-limit.*}). */
    public AwsInvestigator throttled(Throttle throttle) {
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        return this;
    }

    /**
     * How long one read may wait for its rate-limit token ({@code riposte.investigate.read-wait}); past it the read is
     * not sent and the step is reported incomplete, so a storm of findings does not queue behind the buckets.
     */
    public AwsInvestigator readWait(Duration readWait) {
        Objects.requireNonNull(readWait, READ_WAIT);
        if (readWait.isNegative()) {
            throw new IllegalArgumentException(READ_WAIT + " must not be negative, got " + readWait);
        }
        this.readWait = readWait;
        return this;
    }

    static final String READ_WAIT = "riposte.investigate.read-wait";

    /** {@code throttle} with the reads' own budget; a refusal names the setting. */
    private Throttle forReads() {
        Throttle limits = throttle;
        Duration budget = readWait;
        return (action, account, region, calls) -> {
            Throttle.Permit p = limits.acquire(action, account, region, calls, budget);
            return p.granted() ? p : new Throttle.Permit(false, p.waitedMs(), p.reason() + " (" + READ_WAIT + ")");
        };
    }

    @Override
    public List<Object> investigate(SecurityEvent event) {
        List<Object> facts = new ArrayList<>();
        Set<String> only = sources;
        if (only != null && !only.contains(event.source())) {
            return facts;
        }
        List<Task> tasks = new ArrayList<>();
        Throttle limits = forReads();
        for (InvestigationStep step : steps) {
            List<String> targets;
            try {
                targets = step.targets(event);
            } catch (RuntimeException e) {
                facts.add(new InvestigationIncomplete(
                        event.id(), step.name(), "could not tell what to investigate: " + e));
                continue;
            }
            for (String target : targets) {
                String key = step.name() + "|" + event.account() + "|" + event.region() + "|" + target;
                Cached hit = cache.get(key);
                if (hit != null && clock.instant().isBefore(hit.expires())) {
                    tasks.add(new Task(
                            step,
                            target,
                            key,
                            CompletableFuture.completedFuture(
                                    new Gathered(step.forEvent(hit.context(), event.id()), List.of())),
                            false));
                    continue;
                }
                ActionContext ctx = new ActionContext(
                        ActionCommand.of(step.name(), target), event, event.account(), event.region());
                // leaves the in-flight map before its result is set, so an event that sees the result never joins it
                // late
                AtomicReference<Future<Gathered>> self = new AtomicReference<>();
                FutureTask<Gathered> read =
                        new FutureTask<>(() -> {
                            try {
                                return ThrottledReads.during(limits, () -> {
                                    List<String> problems = new ArrayList<>();
                                    Object context = step.gather(ctx, target, failures.parts(step, problems::add));
                                    return new Gathered(context, problems);
                                });
                            } finally {
                                inflight.remove(key, self.get());
                            }
                        }) {
                            @Override
                            protected void done() { // also when cancelled before it ran
                                inflight.remove(key, this);
                            }
                        };
                self.set(read);
                Future<Gathered> running = inflight.putIfAbsent(key, read);
                if (running == null) {
                    pool.execute(read);
                    tasks.add(new Task(step, target, key, read, false));
                } else {
                    tasks.add(new Task(step, target, key, running, true));
                }
            }
        }
        // one deadline for the whole investigation: steps run in parallel, so it is the slowest step's time box
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Task t : tasks) { // in step order, then target order: the facts come out in the same order every time
            String what = t.step().name() + " " + t.target();
            try {
                Gathered g = t.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                facts.add(t.shared() ? t.step().forEvent(g.context(), event.id()) : g.context());
                g.problems().forEach(p -> facts.add(new InvestigationIncomplete(event.id(), what, p)));
                if (g.problems().isEmpty() && !cacheTtl.isZero()) {
                    cache.put(t.key(), new Cached(g.context(), clock.instant().plus(cacheTtl)));
                }
            } catch (TimeoutException e) {
                if (!t.shared()) { // the event that started the read ends it; one that shares it only stops waiting
                    t.result().cancel(true);
                }
                facts.add(new InvestigationIncomplete(
                        event.id(),
                        what,
                        "timed out after " + Human.duration(timeout) + " (riposte.investigate.timeout)"));
            } catch (CancellationException e) {
                facts.add(new InvestigationIncomplete(
                        event.id(),
                        what,
                        "the same read for another event timed out after " + Human.duration(timeout)
                                + " (riposte.investigate.timeout)"));
            } catch (ExecutionException e) {
                facts.add(new InvestigationIncomplete(event.id(), what, failures.failed(t.step(), e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                facts.add(new InvestigationIncomplete(event.id(), what, "interrupted"));
            }
        }
        return facts;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
