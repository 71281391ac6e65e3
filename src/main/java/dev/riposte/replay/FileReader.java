package dev.riposte.replay;

import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.rules.Verdict;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads one file in chunks: parse (Jackson, inside {@link EventFiles}), normalize, apply the
 * --since/--until window and put the items in event-time order through a reorder heap that holds
 * {@code reorder} items back (disorder within a file up to that many positions is undone). Runs on
 * worker threads, one chunk at a time: the caller chains the calls so the file's iterator is never
 * used by two threads at once; the merging thread gets chunks that are already in order.
 */
final class FileReader {
    /** A chunk of items; {@code last} when the file has nothing more. */
    record Chunk(List<Item> items, boolean last) {}

    private final Path file;
    private final int index;
    private final Normalizer normalizer;
    private final Predicate<SecurityEvent> window;
    private final LongAdder outsideWindow;
    private final EventFilters current;
    private final EventFilters other;
    private Stream<RawInput> stream;
    private Iterator<RawInput> inputs;
    private long seq;
    private boolean finished;
    private final int reorder;
    private final PriorityQueue<Item> heap = new PriorityQueue<>(Item.ORDER);

    /** @param current, other judge whether each fact can reach a rule of each set; null: every fact can */
    FileReader(
            Path file,
            int index,
            Normalizer normalizer,
            Predicate<SecurityEvent> window,
            LongAdder outsideWindow,
            EventFilters current,
            EventFilters other,
            int reorder) {
        this.reorder = reorder;
        this.current = current;
        this.other = other;
        this.file = file;
        this.index = index;
        this.normalizer = normalizer;
        this.window = window;
        this.outsideWindow = outsideWindow;
    }

    /** The next {@code size} items in order (fewer only at the end of the file); never throws (failures become rejections). */
    Chunk read(int size) {
        if (!finished) {
            try {
                if (inputs == null) {
                    stream = EventFiles.read(List.of(file));
                    inputs = stream.iterator();
                }
                while (heap.size() < size + reorder && inputs.hasNext()) {
                    add(inputs.next());
                }
                if (!inputs.hasNext()) {
                    close();
                }
            } catch (RuntimeException e) {
                // a defect or an I/O failure below EventFiles: the rest of this file cannot be read
                heap.add(Item.rejected("cannot read: " + e, index, seq++, file.toString()));
                close();
            }
        }
        List<Item> out = new ArrayList<>(Math.min(size, heap.size()));
        while (!heap.isEmpty() && (finished || heap.size() > reorder) && out.size() < size) {
            out.add(heap.poll());
        }
        return new Chunk(out, finished && heap.isEmpty());
    }

    private void add(RawInput in) {
        if (in.failed()) {
            heap.add(Item.rejected(in.error(), index, seq++, in.origin()));
            return;
        }
        List<Normalized> facts;
        try {
            facts = normalizer.normalize(in.json());
        } catch (RejectedInputException e) {
            heap.add(Item.rejected(e.getMessage(), index, seq++, in.origin()));
            return;
        }
        for (Normalized n : facts) {
            if (window.test(n.event())) {
                // judged here, on a reader thread, so the rule thread skips inert events without spending time on them
                Verdict verdict = current == null ? Verdict.ALL : current.judge(n);
                Verdict otherVerdict = other == null ? Verdict.ALL : other.judge(n);
                // only facts a session keeps (for its correlation window) are worth the serialization
                boolean kept = verdict.event() || (other != null && otherVerdict.event());
                heap.add(Item.fact(kept ? n.compact() : n, index, seq++, in.origin(), verdict, otherVerdict));
            } else {
                outsideWindow.increment();
            }
        }
    }

    /** Event time of the first fact (before the window filter), to decide when to open the file; MIN_VALUE when unknown. */
    static long firstTime(Path file, Normalizer normalizer) {
        try (Stream<RawInput> s = EventFiles.read(List.of(file))) {
            Iterator<RawInput> it = s.iterator();
            while (it.hasNext()) {
                RawInput in = it.next();
                if (in.failed()) {
                    return Long.MIN_VALUE;
                }
                try {
                    List<Normalized> facts = normalizer.normalize(in.json());
                    if (!facts.isEmpty()) {
                        return facts.get(0).event().timestamp();
                    }
                } catch (RejectedInputException e) {
                    return Long.MIN_VALUE;
                }
            }
            return Long.MIN_VALUE;
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    void close() {
        finished = true;
        if (stream != null) {
            stream.close();
        }
    }
}
