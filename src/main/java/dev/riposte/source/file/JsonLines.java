package dev.riposte.source.file;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a JSON Lines file one line at a time (blank lines skipped). A bad line gives an error entry
 * and reading goes on with the next line; a line longer than {@link Readers#MAX_LINE} is skipped
 * without being held in memory.
 */
final class JsonLines implements Iterator<RawInput>, AutoCloseable {
    private final Path path;
    private final String name;
    private Reader reader;
    private final StringBuilder line = new StringBuilder();
    private int lineNo;
    private RawInput next;
    private boolean done;

    JsonLines(Path path) {
        this.path = path;
        this.name = path.toString();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public RawInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawInput r = next;
        next = null;
        return r;
    }

    private RawInput advance() {
        try {
            if (reader == null) {
                reader = new java.io.BufferedReader(new InputStreamReader(Readers.open(path), StandardCharsets.UTF_8), 1 << 16);
            }
            while (true) {
                int state = readLine();
                if (state == EOF) {
                    done = true;
                    close();
                    return null;
                }
                String origin = name + ":" + lineNo;
                if (state == TOO_LONG) {
                    return new RawInput(origin, null, "too large: line longer than " + Readers.MAX_LINE + " characters");
                }
                if (line.toString().isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Readers.MAPPER.readTree(line.toString());
                    return new RawInput(origin, n, null);
                } catch (IOException e) {
                    return new RawInput(origin, null, Readers.reason(e, false));
                }
            }
        } catch (IOException e) {
            done = true;
            close();
            return new RawInput(lineNo > 0 ? name + ":" + lineNo : name, null, Readers.reason(e, false));
        }
    }

    private static final int EOF = 0;
    private static final int OK = 1;
    private static final int TOO_LONG = 2;

    /** Reads the next line into {@link #line}; characters past the limit are read and dropped. */
    private int readLine() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        int c = reader.read();
        if (c < 0) {
            return EOF;
        }
        lineNo++;
        while (c >= 0 && c != '\n') {
            if (c != '\r') {
                if (line.length() < Readers.MAX_LINE) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            c = reader.read();
        }
        if (tooLong) {
            line.setLength(0);
            return TOO_LONG;
        }
        return OK;
    }

    @Override
    public void close() {
        done = true;
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // nothing left to read
            }
        }
    }
}
