package dev.riposte.rules;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds the active rule set and, for a rules folder, hot-reloads it: the folder is polled and a
 * changed set replaces the active one only when it compiles and lints cleanly. A broken edit keeps
 * the last good set running and is reported in {@link #status()}.
 */
public final class RuleEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RuleEngine.class.getName());

    private final Path rulesDir;
    private final Duration eventExpiry;
    private final Duration pollInterval;
    private final Function<List<RuleFile>, List<Problem>> checks;
    private final boolean frozen;
    private final List<Consumer<RuleSet>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuleSet> current = new AtomicReference<>();
    private final Object reloadLock = new Object();
    private ScheduledExecutorService poller;

    // guarded by reloadLock
    private String lastSeenVersion;
    private String pendingVersion;
    private Instant lastReload;
    private List<Problem> lastErrors = List.of();
    private long reloadsOk;
    private long reloadsFailed;

    /**
     * Loads the first rule set.
     *
     * @param rulesDir     folder of {@code *.drl}, or null for the built-in rules (not polled)
     * @param eventExpiry  how long events stay in sessions for correlation
     * @param pollInterval how often {@link #start()} checks the folder; a change is compiled once it has
     *                     stayed the same for one interval, so 500 ms puts it live within about 1-1.5 s
     * @throws RulesInvalidException when the first rule set does not compile or lint
     */
    public RuleEngine(Path rulesDir, Duration eventExpiry, Duration pollInterval) {
        this(rulesDir, eventExpiry, pollInterval, files -> List.of());
    }

    /**
     * Like {@link #RuleEngine(Path, Duration, Duration)}, with {@code checks} run on every set before it may become
     * active (the commands its rules write, against the action catalogue): a problem keeps the set out like a
     * compile error.
     */
    public RuleEngine(
            Path rulesDir,
            Duration eventExpiry,
            Duration pollInterval,
            Function<List<RuleFile>, List<Problem>> checks) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.frozen = false;
        this.rulesDir = rulesDir;
        this.eventExpiry = Objects.requireNonNull(eventExpiry, "eventExpiry");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        List<RuleFile> files = load();
        CompileResult result = compile(files);
        if (!result.ok()) {
            throw new RulesInvalidException(result.problems());
        }
        lastSeenVersion = result.ruleSet().version();
        current.set(result.ruleSet());
        lastReload = Instant.now();
        reloadsOk = 1;
    }

    private RuleEngine(RuleSet frozenRules) {
        this.checks = files -> List.of();
        this.frozen = true;
        this.rulesDir = null;
        this.eventExpiry = frozenRules.eventExpiry();
        this.pollInterval = Duration.ZERO;
        lastSeenVersion = frozenRules.version();
        current.set(frozenRules);
        lastReload = Instant.now();
        reloadsOk = 1;
    }

    /** An engine that only ever runs {@code rules} (frozen mode): no folder is watched and {@link #reload()} refuses. */
    public static RuleEngine frozen(RuleSet rules) {
        return new RuleEngine(Objects.requireNonNull(rules, "rules"));
    }

    /** Starts polling the rules folder (no-op for the built-in rules and in frozen mode). */
    public synchronized void start() {
        if (rulesDir == null || frozen || poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riposte-rules-reload");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(50, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The active rule set; never null. */
    public RuleSet current() {
        return current.get();
    }

    public RuleSetStatus status() {
        synchronized (reloadLock) {
            RuleSet rs = current.get();
            return new RuleSetStatus(
                    rs.version(), rs.ruleNames().size(), lastReload, lastErrors, reloadsOk, reloadsFailed);
        }
    }

    /**
     * Called with each new rule set after it became active (on the reloading thread). Sessions of the
     * old set keep working until closed; open new ones from the new set (events held by an old session
     * for correlation are not carried over).
     */
    public void onSwap(Consumer<RuleSet> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Recompiles now, whether or not the files changed.
     *
     * @return the problems that kept the new set out (empty when it was swapped in)
     */
    public List<Problem> reload() {
        if (frozen) {
            return List.of(new Problem(
                    "riposte.rules.mode",
                    1,
                    "hot reload is disabled in frozen mode: this process runs the rules "
                            + "compiled at build (version " + current.get().version() + ")",
                    "rebuild the image with the new rules (./mvnw package -Driposte.rules.dir=...), or run the JVM image with "
                            + "riposte.rules.mode=runtime to reload rules without a rebuild"));
        }
        return reload(true);
    }

    private void poll() {
        try {
            reload(false);
        } catch (RuntimeException e) { // keep polling: a folder being replaced can briefly be unreadable
            LOG.log(Level.WARNING, "rule reload failed: " + e.getMessage(), e);
        }
    }

    private List<Problem> reload(boolean force) {
        synchronized (reloadLock) {
            List<RuleFile> files;
            try {
                files = load();
            } catch (RuntimeException e) {
                return fail(List.of(new Problem(
                        String.valueOf(rulesDir),
                        1,
                        "cannot read rules: " + e.getMessage(),
                        "check that the folder exists and is readable")));
            }
            String version = RuleCompiler.version(files);
            if (!force) {
                if (version.equals(lastSeenVersion)) {
                    pendingVersion = null;
                    return List.of();
                }
                if (!version.equals(pendingVersion)) {
                    // editors and copies write in steps: compile only what stayed the same for one poll
                    pendingVersion = version;
                    return List.of();
                }
            }
            pendingVersion = null;
            lastSeenVersion = version; // a broken version is compiled once, not on every poll
            CompileResult result = compile(files);
            if (!result.ok()) {
                return fail(result.problems());
            }
            RuleSet previous = current.getAndSet(result.ruleSet());
            lastReload = Instant.now();
            lastErrors = List.of();
            reloadsOk++;
            LOG.info(() -> "rules reloaded: " + previous.version() + " -> "
                    + result.ruleSet().version() + " ("
                    + result.ruleSet().ruleNames().size() + " rules)");
            for (Consumer<RuleSet> l : listeners) {
                try {
                    l.accept(result.ruleSet());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "rule set listener failed", e);
                }
            }
            return List.of();
        }
    }

    private CompileResult compile(List<RuleFile> files) {
        List<Problem> problems = new ArrayList<>(checks.apply(files));
        CompileResult result = RuleCompiler.compile(files, eventExpiry);
        if (problems.isEmpty()) {
            return result;
        }
        problems.addAll(result.problems());
        return new CompileResult(null, problems);
    }

    private List<Problem> fail(List<Problem> problems) {
        lastErrors = List.copyOf(problems);
        reloadsFailed++;
        LOG.warning(() -> "rule reload rejected, keeping " + current.get().version() + ":\n"
                + String.join("\n", problems.stream().map(Problem::toString).toList()));
        return lastErrors;
    }

    private List<RuleFile> load() {
        return rulesDir == null ? RuleSources.builtIn() : RuleSources.fromDir(rulesDir);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller = null;
        }
    }
}
