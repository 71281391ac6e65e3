package dev.riposte.source.file;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iterator half shared by the file readers: {@link #advance} reads the next input or returns null at the end,
 * {@link #close} (which subclasses extend to release their stream) ends the iteration.
 */
abstract class InputIterator implements Iterator<RawInput>, AutoCloseable {
    final String name;
    private RawInput next;
    private boolean done;

    InputIterator(String name) {
        this.name = name;
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

    /** Ends the iteration; subclasses close their streams and call this. */
    @Override
    public void close() {
        done = true;
    }
}
