package dev.riposte.playbook;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The active playbook set and, for a playbooks folder, its hot reload: the folder is polled and a changed set
 * replaces the active one only when every file in it is valid; a broken edit keeps the last good set and is
 * reported in {@link #lastProblems()}. Public: the pipeline holds one for {@code serve}.
 */
public final class PlaybookLibrary implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PlaybookLibrary.class.getName());
    private final Path dir;
    private final ActionRules actions;
    private final Duration pollInterval;
    private volatile PlaybookSet current;
    private volatile List<Problem> lastProblems = List.of();
    private volatile Instant lastReload;
    private String lastSeenVersion;
    private ScheduledExecutorService poller;

    /**
     * Loads the first set. Unlike a reload, a first set with problems is used for the playbooks that are valid
     * (the others are reported, and runs of them are audited as failed): refusing to start would also stop the
     * single-action rules.
     *
     * @param dir null for the built-in playbooks (not polled)
     */
    public PlaybookLibrary(Path dir, ActionRules actions, Duration pollInterval) {
        this.dir = dir;
        this.actions = Objects.requireNonNull(actions);
        this.pollInterval = pollInterval;
        PlaybookSet first = PlaybookSet.load(PlaybookSources.load(dir), actions);
        if (!first.ok()) {
            lastProblems = first.problems();
            LOG.severe(() -> "playbooks with problems are not loaded:\n"
                    + String.join(
                            "\n",
                            first.problems().stream().map(Problem::toString).toList()));
        }
        current = first;
        lastSeenVersion = first.version();
        lastReload = Instant.now();
    }

    public PlaybookSet current() {
        return current;
    }

    public List<Problem> lastProblems() {
        return lastProblems;
    }

    public Instant lastReload() {
        return lastReload;
    }

    public synchronized void start() {
        if (dir == null || poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riposte-playbooks-reload");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(50, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            reload();
        } catch (RuntimeException e) { // keep polling: a folder being replaced can briefly be unreadable
            LOG.log(Level.WARNING, "playbook reload failed: " + e.getMessage(), e);
        }
    }

    /** Checks the folder now; returns the problems that kept a changed set out (empty when none). */
    public synchronized List<Problem> reload() {
        if (dir == null) {
            return List.of();
        }
        List<PlaybookFile> files = PlaybookSources.fromDir(dir);
        String version = PlaybookSet.version(files);
        if (version.equals(lastSeenVersion)) {
            return lastProblems;
        }
        lastSeenVersion = version;
        PlaybookSet next = PlaybookSet.load(files, actions);
        if (!next.ok()) {
            lastProblems = next.problems();
            LOG.warning(() -> "playbook reload rejected, keeping " + current.version() + ":\n"
                    + String.join(
                            "\n",
                            next.problems().stream().map(Problem::toString).toList()));
            return lastProblems;
        }
        PlaybookSet previous = current;
        current = next;
        lastProblems = List.of();
        lastReload = Instant.now();
        LOG.info(() -> "playbooks reloaded: " + previous.version() + " -> " + next.version() + " ("
                + next.all().size() + " playbooks)");
        return List.of();
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
