package dev.riposte.state.file;

import dev.riposte.state.Journal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code journal.log} in the state folder: one line per entry, {@code <epoch millis> TAB <kind> TAB <body>}, appended
 * and written through to the operating system at once (a {@code kill -9} loses nothing written; a power cut may lose
 * the last lines). {@link #trim} rewrites it (a new file moved over the old one), so it stays bounded. A line that
 * cannot be read (the torn end of a crash) is skipped.
 */
final class FileJournal implements Journal {
    private static final Logger LOG = Logger.getLogger(FileJournal.class);
    private final Path file;
    private OutputStream out;

    FileJournal(Path stateDir) {
        this.file = stateDir.resolve("journal.log");
    }

    @Override
    public void append(Entry entry, Duration keep) {
        append(List.of(entry), keep);
    }

    /** All in one write (the lines in order), flushed once. */
    @Override
    public synchronized void append(List<Entry> entries, Duration keep) {
        StringBuilder lines = new StringBuilder();
        for (Entry entry : entries) {
            if (entry.body().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a journal entry is one line of JSON");
            }
            lines.append(entry.time().toEpochMilli())
                    .append('\t')
                    .append(entry.kind())
                    .append('\t')
                    .append(entry.body())
                    .append('\n');
        }
        String line = lines.toString();
        try {
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot append to the journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Entry> read(Instant from, int limit) {
        List<Entry> all = readAll(from);
        return all.size() <= limit ? all : List.copyOf(all.subList(all.size() - limit, all.size()));
    }

    @Override
    public synchronized void trim(Instant before, int limit) {
        List<Entry> kept = read(before, limit);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (!Files.exists(file)) {
                return;
            }
            StringBuilder text = new StringBuilder();
            for (Entry e : kept) {
                text.append(e.time().toEpochMilli())
                        .append('\t')
                        .append(e.kind())
                        .append('\t')
                        .append(e.body())
                        .append('\n');
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            closeQuietly();
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot trim the journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    /** Entries at or after {@code from}, by time (appends are in time order but for firings written just after). */
    private List<Entry> readAll(Instant from) {
        List<Entry> out = new ArrayList<>();
        long min = from.toEpochMilli();
        int bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Entry e = parse(line);
                if (e == null) {
                    bad++;
                } else if (e.time().toEpochMilli() >= min) {
                    out.add(e);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        if (bad > 0) {
            LOG.warnf("journal %s: %d unreadable line(s) skipped (the end of a line cut off by a crash)", file, bad);
        }
        out.sort(Comparator.comparing(Entry::time)); // stable: entries of one millisecond keep their order
        return out;
    }

    private static Entry parse(String line) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        if (b < 0 || !line.endsWith("}")) {
            return null;
        }
        try {
            return new Entry(
                    Instant.ofEpochMilli(Long.parseLong(line.substring(0, a))),
                    Kind.valueOf(line.substring(a + 1, b)),
                    line.substring(b + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing buffered: every append flushed
            }
            out = null;
        }
    }
}
