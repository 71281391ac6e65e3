package dev.riposte.replay;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The merge's view of one open file: chunks, already in event-time order (see {@link FileReader}), are read
 * ahead on worker threads (a chain of futures, so reads of one file stay sequential) and handed out one item
 * at a time. Used by the merging thread only.
 */
final class FileCursor {
    static final int CHUNK = 256;
    /** Chunks read ahead per file: enough to keep a worker busy while the rules consume the previous one. */
    private static final int AHEAD = 2;

    final int index;
    final long size;
    private final FileReader reader;
    private final Executor workers;
    private final ArrayDeque<CompletableFuture<FileReader.Chunk>> ahead = new ArrayDeque<>();
    private List<Item> items = List.of();
    private int next;
    private boolean drained;

    FileCursor(int index, long size, FileReader reader, Executor workers) {
        this.index = index;
        this.size = size;
        this.reader = reader;
        this.workers = workers;
        for (int i = 0; i < AHEAD; i++) {
            readAhead();
        }
    }

    private void readAhead() {
        CompletableFuture<FileReader.Chunk> last = ahead.peekLast();
        ahead.addLast(
                last == null
                        ? CompletableFuture.supplyAsync(() -> reader.read(CHUNK), workers)
                        : last.thenApplyAsync(c -> reader.read(CHUNK), workers));
    }

    /** Makes the next item available (waiting for the workers if needed); false when the file is used up. */
    boolean fill() {
        while (next == items.size() && !drained) {
            FileReader.Chunk c = ahead.pollFirst().join();
            items = c.items();
            next = 0;
            if (c.last()) {
                drained = true;
                ahead.forEach(CompletableFuture::join);
                ahead.clear();
            } else {
                readAhead();
            }
        }
        return next < items.size();
    }

    /** The next item; call {@link #fill} first. */
    Item peek() {
        return items.get(next);
    }

    Item poll() {
        return items.get(next++);
    }

    /** Stops reading (an abandoned replay); waits for the chunk in flight so the file is closed by its reader. */
    void close() {
        drained = true;
        ahead.forEach(f -> f.cancel(false));
        for (CompletableFuture<FileReader.Chunk> f : ahead) {
            if (!f.isCancelled()) {
                f.join();
            }
        }
        ahead.clear();
        items = List.of();
        next = 0;
        reader.close();
    }
}
