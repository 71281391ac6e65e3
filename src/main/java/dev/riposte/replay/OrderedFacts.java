package dev.riposte.replay;

import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The facts of many files merged into event-time order with bounded memory.
 *
 * <p>Each file is probed for the time of its first event; files are opened in that order, when the
 * merge reaches that time (minus {@link #LOOKAHEAD}, since CloudTrail log files are not sorted
 * inside), and at most {@code maxOpen} at once. Open files are merged with a priority queue on their
 * next item; each file's reader puts its items in order through a reorder heap (see {@link FileReader}).
 * The next {@link #PREFETCH} files are read ahead of being opened. Memory is thus bounded by
 * {@code (maxOpen + PREFETCH) * (reorder + 3 * chunk)} items whatever the input size. An event that still arrives
 * after a later one was handed out is counted as {@link #late()}: the rule session keeps its clock
 * (it never goes backwards) and evaluates it then.
 *
 * <p>Parsing and normalization run on {@code workers}; the caller's thread only merges.
 */
final class OrderedFacts implements Iterator<Item>, AutoCloseable {
    static final long LOOKAHEAD = 15 * 60_000L;

    private record Pending(int index, Path file, long size, long firstTime) {}

    private final List<Pending> pending;
    private int nextPending;
    /** Cursors of the files after {@code nextPending}, in order, already reading. */
    private final ArrayDeque<FileCursor> prepared = new ArrayDeque<>();
    /** Files read ahead of being opened (their memory counts like open files'). */
    static final int PREFETCH = 8;

    private final PriorityQueue<FileCursor> open =
            new PriorityQueue<>((a, b) -> Item.ORDER.compare(a.peek(), b.peek()));
    private final Normalizer normalizer;
    private final Predicate<SecurityEvent> window;
    private final Executor workers;
    private final int maxOpen;
    private final int reorder;
    private final long totalBytes;
    private final LongAdder outsideWindow = new LongAdder();
    private final EventFilters current;
    private final EventFilters other;
    private long doneBytes;
    private long lastTime = Long.MIN_VALUE;
    private long late;
    private int maxOpenSeen;

    OrderedFacts(
            List<Path> files,
            Normalizer normalizer,
            Predicate<SecurityEvent> window,
            Executor workers,
            int maxOpen,
            int reorder) {
        this(files, normalizer, window, workers, maxOpen, reorder, null, null);
    }

    /** @param current, other filters that mark each fact for the two rule sets (see {@link Item#verdict()}), or null */
    OrderedFacts(
            List<Path> files,
            Normalizer normalizer,
            Predicate<SecurityEvent> window,
            Executor workers,
            int maxOpen,
            int reorder,
            EventFilters current,
            EventFilters other) {
        this.current = current;
        this.other = other;
        if (maxOpen < 1 || reorder < 1) {
            throw new IllegalArgumentException("maxOpen and reorder must be positive");
        }
        this.normalizer = normalizer;
        this.window = window;
        this.workers = workers;
        this.maxOpen = maxOpen;
        this.reorder = reorder;
        List<CompletableFuture<Long>> probes = new ArrayList<>();
        for (Path f : files) {
            probes.add(CompletableFuture.supplyAsync(() -> FileReader.firstTime(f, normalizer), workers));
        }
        List<Pending> p = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            long size = size(files.get(i));
            total += size;
            p.add(new Pending(i, files.get(i), size, probes.get(i).join()));
        }
        p.sort(Comparator.comparingLong(Pending::firstTime).thenComparingInt(Pending::index));
        this.pending = p;
        this.totalBytes = total;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        openDue();
        return !open.isEmpty();
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FileCursor c = open.poll();
        Item item = c.poll();
        if (c.fill()) {
            open.add(c);
        } else {
            doneBytes += c.size;
        }
        if (item.fact() != null) {
            if (item.time() < lastTime) {
                late++;
            } else {
                lastTime = item.time();
            }
        }
        return item;
    }

    /** Opens the files whose first event the merge has (nearly) reached, within the open-files limit. */
    private void openDue() {
        while (nextPending < pending.size() && open.size() < maxOpen) {
            Pending p = pending.get(nextPending);
            if (!open.isEmpty() && p.firstTime() > open.peek().peek().time() + LOOKAHEAD) {
                return;
            }
            nextPending++;
            FileCursor c = prepared.isEmpty() ? cursor(p) : prepared.pollFirst();
            prepare();
            if (c.fill()) {
                open.add(c);
                maxOpenSeen = Math.max(maxOpenSeen, open.size());
            } else {
                doneBytes += p.size();
            }
        }
    }

    /**
     * Starts reading the next {@link #PREFETCH} files to be opened, so their first chunks are parsed on the workers
     * before the merge needs them: opening a file used to wait for its first chunk, once per file (thousands of
     * CloudTrail log files), while the rule thread idled.
     */
    private void prepare() {
        while (prepared.size() < PREFETCH && nextPending + prepared.size() < pending.size()) {
            prepared.addLast(cursor(pending.get(nextPending + prepared.size())));
        }
    }

    private FileCursor cursor(Pending p) {
        return new FileCursor(
                p.index(),
                p.size(),
                new FileReader(p.file(), p.index(), normalizer, window, outsideWindow, current, other, reorder),
                workers);
    }

    /** Facts handed out after a later fact had already been handed out (more disorder than the buffers absorb). */
    long late() {
        return late;
    }

    long outsideWindow() {
        return outsideWindow.sum();
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Bytes of the files read completely: progress and ETA. */
    long doneBytes() {
        return doneBytes;
    }

    int files() {
        return pending.size();
    }

    /** Most files open at once (tests check the bound). */
    int maxOpenSeen() {
        return maxOpenSeen;
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            open.poll().close();
        }
        while (!prepared.isEmpty()) {
            prepared.poll().close();
        }
    }
}
