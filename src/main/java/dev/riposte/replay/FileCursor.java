package dev.riposte.replay;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The merge's view of one open file: chunks are read ahead on worker threads (a chain of futures, so
 * reads of one file stay sequential) and land in a reorder heap that holds at least {@code reorder}
 * items while the file lasts. A file whose events are out of order by fewer than {@code reorder}
 * positions thus comes out in event-time order. Used by the merging thread only.
 */
final class FileCursor {
    static final int CHUNK = 256;
    /** Chunks read ahead per file: enough to keep a worker busy while the rules consume the previous one. */
    private static final int AHEAD = 2;

    final int index;
    final long size;
    private final FileReader reader;
    private final Executor workers;
    private final int reorder;
    private final ArrayDeque<CompletableFuture<FileReader.Chunk>> ahead = new ArrayDeque<>();
    private final PriorityQueue<Item> heap = new PriorityQueue<>(Item.ORDER);
    private boolean drained;

    FileCursor(int index, long size, FileReader reader, Executor workers, int reorder) {
        this.index = index;
        this.size = size;
        this.reader = reader;
        this.workers = workers;
        this.reorder = reorder;
        for (int i = 0; i < AHEAD; i++) {
            readAhead();
        }
    }

    private void readAhead() {
        CompletableFuture<FileReader.Chunk> last = ahead.peekLast();
        ahead.addLast(last == null
                ? CompletableFuture.supplyAsync(() -> reader.read(CHUNK), workers)
                : last.thenApplyAsync(c -> reader.read(CHUNK), workers));
    }

    /** Tops the heap up to the reorder depth (waiting for the workers if needed); false when the file is used up. */
    boolean fill() {
        while (!drained && heap.size() < reorder) {
            FileReader.Chunk c = ahead.pollFirst().join();
            heap.addAll(c.items());
            if (c.last()) {
                drained = true;
                ahead.forEach(CompletableFuture::join);
                ahead.clear();
            } else {
                readAhead();
            }
        }
        return !heap.isEmpty();
    }

    Item peek() {
        return heap.peek();
    }

    Item poll() {
        return heap.poll();
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
        heap.clear();
        reader.close();
    }
}
