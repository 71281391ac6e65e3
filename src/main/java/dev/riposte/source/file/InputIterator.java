package dev.riposte.source.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The half shared by the file readers: the file, opened at the first read ({@link #input}) and closed by
 * {@link #close}, and the iterator: {@link #advance} reads the next input or returns null at the end.
 */
abstract class InputIterator implements Iterator<RawInput>, AutoCloseable {
    final String name;
    private final Path path;
    private InputStream in;
    private RawInput next;
    private boolean done;

    InputIterator(Path path) {
        this.path = path;
        this.name = path.toString();
    }

    /** The file's content (decompressed), opened at the first call. */
    final InputStream input() throws IOException {
        if (in == null) {
            in = Readers.open(path);
        }
        return in;
    }

    /** The next input, or null when there is none; a read failure is an input with an error, not an exception. */
    abstract RawInput advance();

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public final RawInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawInput r = next;
        next = null;
        return r;
    }

    /** Ends the iteration and closes the file; subclasses that hold more close it and call this. */
    @Override
    public void close() {
        done = true;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing left to read; a close failure changes no result
            }
        }
    }
}
