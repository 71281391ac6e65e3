package dev.riposte.replay;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Investigator;
import dev.riposte.dispatch.Throttle;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.GuardSettings;
import dev.riposte.normalize.Normalizer;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.ratelimit.RateLimiter;
import dev.riposte.rules.RuleSet;
import dev.riposte.source.file.EventFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Dry-run replay of event files through a rule set, and optionally a second one to diff against.
 *
 * <p>Worker threads read, parse and normalize the files, and mark each fact with whether any rule can reach it
 * ({@link dev.riposte.rules.EventFilter}; most cannot, and those skip the session); the calling thread merges their facts into
 * event-time order ({@link OrderedFacts}) and runs the rule session, so the pseudo clock follows event time
 * and correlation behaves as it would have live. It does nothing else: a {@link Handoff} passes the rules'
 * results, in the same order, to a decisions thread that dispatches, audits and counts (and, with a second
 * rule set, through a thread that runs that set's session first). Dispatch only plans:
 * the catalogue is wrapped in {@link PlanOnly} and the settings are dry-run without AWS validation,
 * whatever the configuration says. Public: the CLI and the benchmark run it.
 */
public final class Replayer {
    private Supplier<PlaybookSet> playbooks = PlaybookSet::empty;
    /** Default bound on files open at once; each holds its reorder heap and up to three chunks. */
    public static final int MAX_OPEN_FILES = 64;
    /** Default per-file reorder depth: disorder within a file up to this many positions is undone. */
    public static final int REORDER = 256;

    /**
     * @param paths       files, folders and globs as {@code riposte replay} takes them
     * @param since       skip facts before this event time, or null
     * @param until       skip facts at or after this event time, or null
     * @param rules       the rule set to replay
     * @param compareWith a second rule set to diff against, or null
     * @param audit       where the current set's audit records go (closed at the end)
     */
    public record Input(
            List<Path> paths, Instant since, Instant until, RuleSet rules, RuleSet compareWith, AuditSink audit) {
        public Input {
            paths = List.copyOf(paths);
            Objects.requireNonNull(rules, "rules");
            audit = audit == null ? new NullAuditSink() : audit;
        }
    }

    private final Normalizer normalizer;
    private final ActionCatalogue catalogue;
    private final List<DispatchCheck> checks;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int maxOpen = MAX_OPEN_FILES;
    private int reorder = REORDER;
    private Investigator context = Investigator.NONE;
    private boolean skipInert = true;
    private GuardSettings guard = GuardSettings.defaults(Path.of("riposte-state"));
    private Function<LongSupplier, Throttle> rateLimits = nanos -> Throttle.NONE;
    private Duration maxWait = Duration.ZERO;
    private StageCpu lastCpu;

    /** CPU seconds each stage of the last {@link #run} used: the benchmark prints where the time went. */
    record StageCpu(double rules, double readers, double decisions) {}

    /** @param checks the guard rails the live service runs; they see mode {@code dry-run} */
    public Replayer(Normalizer normalizer, ActionCatalogue catalogue, List<DispatchCheck> checks) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.catalogue = PlanOnly.catalogue(catalogue);
        this.checks = List.copyOf(checks);
    }

    /** Threads that parse and normalize; 0 does it all on the calling thread (the benchmark's baseline). */
    public Replayer workers(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("workers must be >= 0");
        }
        this.workers = n;
        return this;
    }

    /** Context facts for the replayed events (replay's {@code --context FILE}); replay itself never calls AWS. */
    public Replayer context(Investigator recorded) {
        this.context = Objects.requireNonNull(recorded, "recorded");
        return this;
    }

    /**
     * Whether events that cannot reach any rule ({@link dev.riposte.rules.EventFilter}) skip the rule session (the
     * default); decisions are the same either way, tests prove it with this switch.
     */
    Replayer skipInertEvents(boolean skip) {
        this.skipInert = skip;
        return this;
    }

    /** Memory bounds of the merge: files open at once and per-file reorder depth. */
    public Replayer buffers(int maxOpenFiles, int reorderDepth) {
        if (maxOpenFiles < 1 || reorderDepth < 1) {
            throw new IllegalArgumentException("buffers must be positive");
        }
        this.maxOpen = maxOpenFiles;
        this.reorder = reorderDepth;
        return this;
    }

    /**
     * The guard rails and rate limits whose decisions replay simulates on event time, to say what live would have done
     * ({@link LiveSimulation}); by default the default breaker and approvals and no rate limits.
     *
     * @param rateLimits the service's rate limits, or null when they are off; fresh buckets on event time are used
     */
    public Replayer simulating(GuardSettings guardRails, RateLimiter rateLimits) {
        return rateLimits == null
                ? simulating(guardRails, nanos -> Throttle.NONE, Duration.ZERO)
                : simulating(guardRails, rateLimits::onTimeline, rateLimits.maxWait());
    }

    /** As above, with rate limits made for a given event-time reading ({@code nanos}), and live's max-wait. */
    Replayer simulating(
            GuardSettings guardRails, Function<LongSupplier, Throttle> rateLimitsOnTimeline, Duration maxWait) {
        this.guard = Objects.requireNonNull(guardRails, "guardRails");
        this.rateLimits = Objects.requireNonNull(rateLimitsOnTimeline, "rateLimitsOnTimeline");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        return this;
    }

    /** Playbooks that rule-started runs expand into (dry-run steps); none loaded, a run is audited as failed. */
    public Replayer playbooks(Supplier<PlaybookSet> playbooks) {
        this.playbooks = playbooks;
        return this;
    }

    /**
     * Replays {@code in}; bad input is counted and audited as rejected, never thrown.
     *
     * @throws IllegalArgumentException when a path does not exist or a glob matches nothing
     */
    public ReplayReport run(Input in, Progress progress) {
        List<Path> files = EventFiles.files(in.paths());
        Predicate<SecurityEvent> window = e -> (in.since() == null || !e.time().isBefore(in.since()))
                && (in.until() == null || e.time().isBefore(in.until()));
        Stats stats = new Stats(in.rules().ruleNames());
        CommandDiff diff = in.compareWith() == null
                ? null
                : new CommandDiff(in.compareWith().version());
        List<Thread> readers = new CopyOnWriteArrayList<>();
        ExecutorService pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, daemon(readers));
        var threads = ManagementFactory.getThreadMXBean();
        long rulesCpu0 = threads.getCurrentThreadCpuTime();
        Executor executor = pool == null ? Runnable::run : pool;
        long start = System.nanoTime();
        long late;
        long outside;
        EventClock clock = new EventClock();
        LiveSimulation live =
                new LiveSimulation(in.audit(), catalogue, guard, clock, rateLimits.apply(clock::nanos), maxWait);
        try (Pipeline current = Pipeline.builder(
                                normalizer,
                                in.rules(),
                                new Dispatcher(catalogue, new DispatchSettings(true, false), checks),
                                live,
                                true,
                                true)
                        .investigating(context, null)
                        .playbooks(playbooks)
                        .approvals(live.approvals())
                        .build();
                Pipeline other = in.compareWith() == null
                        ? null
                        : Pipeline.builder(
                                        normalizer,
                                        in.compareWith(),
                                        new Dispatcher(catalogue, new DispatchSettings(true, false), List.of()),
                                        new NullAuditSink(),
                                        true,
                                        true)
                                .playbooks(playbooks)
                                .build();
                EventFilters currentFilter = skipInert ? new EventFilters(in.rules()) : null;
                EventFilters otherFilter =
                        skipInert && in.compareWith() != null ? new EventFilters(in.compareWith()) : null;
                OrderedFacts facts = new OrderedFacts(
                        files, normalizer, window, executor, maxOpen, reorder, currentFilter, otherFilter)) {
            Decisions decisions = new Decisions(current, other, live, stats, diff, progress, facts.totalBytes());
            try (Handoff<Step> decide = new Handoff<>("riposte-replay-decisions", QUEUE, decisions::accept);
                    Handoff<Step> otherRules = other == null
                            ? null
                            : new Handoff<>(
                                    "riposte-replay-compare-rules",
                                    QUEUE,
                                    s -> decide.put(s.withOther(rulesQuietly(other, in.compareWith(), s.item()))))) {
                Handoff<Step> next = otherRules == null ? decide : otherRules;
                while (facts.hasNext()) {
                    Item item = facts.next();
                    next.put(
                            item.rejection() != null
                                    ? Step.rejected(item, item.rejection(), facts.doneBytes())
                                    : evaluateRules(current, in.rules(), item, facts.doneBytes()));
                }
                if (otherRules != null) {
                    otherRules.finish();
                }
                decide.finish();
                double readersCpu = readers.stream()
                                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId())))
                                .sum()
                        / 1e9;
                lastCpu = new StageCpu(
                        (threads.getCurrentThreadCpuTime() - rulesCpu0) / 1e9, readersCpu, decide.cpuNanos() / 1e9);
            }
            late = facts.late();
            outside = facts.outsideWindow();
        } finally {
            progress.finish();
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return stats.report(
                in.rules().version(),
                files.size(),
                outside,
                late,
                ms,
                live.report(guard),
                diff == null ? null : diff.report());
    }

    /** Batches in flight between the stages (each {@link Handoff#BATCH} facts): bounded memory, enough slack for bursts. */
    private static final int QUEUE = 64;

    /** One fact (or rejected input) on its way from the rule session to the decisions; {@code other} with --compare-rules. */
    private record Step(Item item, Pipeline.Ruled current, String rejection, Pipeline.Ruled other, long doneBytes) {
        static Step rejected(Item item, String reason, long doneBytes) {
            return new Step(item, null, reason, null, doneBytes);
        }

        Step withOther(Pipeline.Ruled o) {
            return new Step(item, current, rejection, o, doneBytes);
        }
    }

    /** The rule half on the merging thread; a failure (e.g. of the investigator) rejects the fact, as the decision half would. */
    private static Step evaluateRules(Pipeline current, RuleSet judgedBy, Item item, long doneBytes) {
        try {
            return new Step(
                    item,
                    current.evaluateRules(item.fact(), item.origin(), judgedBy, item.verdict()),
                    null,
                    null,
                    doneBytes);
        } catch (RuntimeException e) {
            return Step.rejected(item, "rule failed: " + oneLine(e), doneBytes);
        }
    }

    /** A rule failing in the other set means it plans nothing for this event: that shows as removed commands. */
    private static Pipeline.Ruled rulesQuietly(Pipeline other, RuleSet judgedBy, Item item) {
        if (item.fact() == null) {
            return null;
        }
        try {
            return other.evaluateRules(item.fact(), item.origin(), judgedBy, item.otherVerdict());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The decision half, on its own thread, in fact order: dispatch plans, audit records, the summary counts, the
     * rule-set diff and progress. Everything it touches is used by this thread only until the replay has finished.
     */
    private record Decisions(
            Pipeline current,
            Pipeline other,
            LiveSimulation live,
            Stats stats,
            CommandDiff diff,
            Progress progress,
            long totalBytes) {
        void accept(Step s) {
            Item item = s.item();
            if (s.rejection() != null) {
                stats.rejected(current.reject(item.origin(), s.rejection()));
                live.drain();
                return;
            }
            SecurityEvent event = item.fact().event();
            Pipeline.Result a;
            try {
                live.advanceTo(event.time(), current);
                a = current.decide(s.current());
            } catch (RuntimeException e) {
                live.drain();
                stats.rejected(current.reject(item.origin(), "rule failed: " + oneLine(e)));
                live.drain();
                return;
            }
            // the records as written: with what live would have done, and any approvals that expired by this event's
            // time
            stats.evaluated(event, a.rulesFired(), live.drain());
            if (other != null) {
                diff.compare(event, item.origin(), a.records(), decideQuietly(other, s.other()));
            }
            if ((stats.facts & 1023) == 0) {
                progress.update(stats.facts, s.doneBytes(), totalBytes);
            }
        }

        private static List<AuditRecord> decideQuietly(Pipeline other, Pipeline.Ruled r) {
            if (r == null) {
                return List.of();
            }
            try {
                return other.decide(r).records();
            } catch (RuntimeException e) {
                return List.of();
            }
        }
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static ThreadFactory daemon(List<Thread> made) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "riposte-replay-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            made.add(t);
            return t;
        };
    }

    StageCpu lastStageCpu() {
        return lastCpu;
    }
}
