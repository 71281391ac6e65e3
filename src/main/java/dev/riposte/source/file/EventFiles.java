package dev.riposte.source.file;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads events from files for {@code replay}, {@code normalize} and {@code test}: files, folders
 * (recursively, in a stable order, CloudTrail log files by delivery time) and globs; {@code .json}
 * (a document, an array of documents, concatenated documents or a CloudTrail log file),
 * {@code .jsonl}/{@code .ndjson} (one document per line) and {@code .gz} of either. The stream is
 * lazy: one file is open at a time and arrays and lines are read element by element. Close the
 * stream (try-with-resources) when abandoning it early.
 */
public final class EventFiles {
    private EventFiles() {}

    /**
     * Documents of the given paths in order; unreadable input appears as an entry with an error and
     * the stream goes on.
     *
     * @throws IllegalArgumentException {@code "no such file: <path>"} for a path that does not exist,
     *                                  {@code "no file matches: <glob>"} for a glob that matches nothing
     */
    public static Stream<RawInput> read(List<Path> paths) {
        List<Path> files = FileSet.expand(paths);
        if (files.size() == 1) {
            return readFile(files.get(0));
        }
        // not files.stream().flatMap(...): Stream.iterator() over a flatMap pushes a whole file's documents
        // into a buffer before handing out the first one (JDK 17), which cost replay a file's worth of trees
        // per open file and made its first-event probe parse every file to the end
        FileChain chain = new FileChain(files, EventFiles::readFile);
        return stream(chain).onClose(chain::close);
    }

    /** The documents of one file after another, opening each file only when the previous one is used up. */
    static final class FileChain implements Iterator<RawInput> {
        private final Iterator<Path> files;
        private final Function<Path, Stream<RawInput>> open;
        private Stream<RawInput> current;
        private Iterator<RawInput> inputs = Collections.emptyIterator();

        FileChain(List<Path> files, Function<Path, Stream<RawInput>> open) {
            this.files = files.iterator();
            this.open = open;
        }

        @Override
        public boolean hasNext() {
            while (!inputs.hasNext()) {
                close();
                if (!files.hasNext()) {
                    return false;
                }
                current = open.apply(files.next());
                inputs = current.iterator();
            }
            return true;
        }

        @Override
        public RawInput next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return inputs.next();
        }

        void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /**
     * The event files the given paths name, in the order {@link #read} reads them (replay opens them one by
     * one to merge them by event time).
     *
     * @throws IllegalArgumentException as {@link #read}
     */
    public static List<Path> files(List<Path> paths) {
        return FileSet.expand(paths);
    }

    private static Stream<RawInput> readFile(Path file) {
        InputIterator it = Readers.lines(file) ? new JsonLines(file) : new JsonDocuments(file);
        return stream(it).onClose(it::close);
    }

    static Stream<RawInput> stream(Iterator<RawInput> it) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
