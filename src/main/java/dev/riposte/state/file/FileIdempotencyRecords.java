package dev.riposte.state.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.state.IdempotencyRecords;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Idempotency records in an append-only JSON Lines file ({@code idempotency.jsonl}), each line forced to disk
 * ({@code fsync}) before a write returns, so what was recorded survives a crash of the process or the machine; the
 * latest record per id is kept in memory, and a claim is decided there and its line appended under this object's lock
 * (one process owns a state folder). The {@code fsync} runs outside that lock, one for every line appended meanwhile
 * (group commit). A lookup ({@link #get}) takes no lock: it reads the in-memory index, which a write updates only once
 * its line is on disk, so it never waits for another command's {@code fsync} and never sees a record a crash could undo.
 * On open the file is compacted: expired records go, a line torn by a crash is dropped, and the survivors replace the
 * old file atomically. An {@code INPROGRESS} record read back from the file belonged to a
 * process that is gone, so it reads as interrupted. Opened on first use, so dry-run never creates the state folder.
 */
final class FileIdempotencyRecords implements IdempotencyRecords, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FileIdempotencyRecords.class);
    static final String FILE = "idempotency.jsonl";
    private static final String RELEASED = "RELEASED";
    /** The default {@code riposte.idempotency.retention}: how long a line of the old format (which has no expiry) counts. */
    private static final Duration OLD_FORMAT_RETENTION = Duration.ofDays(7);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Forces what was written to disk ({@code fsync}); a seam for tests. */
    interface Sync {
        void force(FileOutputStream out) throws IOException;
    }

    private final Path dir;
    private final Path file;
    private final Sync sync;
    /** The latest durable record per id; changed under this object's lock, read without it. */
    private final Map<String, Entry> latest = new ConcurrentHashMap<>();
    /** Under this object's lock: what was decided and written but is not on disk yet (empty: released). */
    private final Map<String, Optional<Entry>> pending = new HashMap<>();
    /** A stream, not a FileChannel: a channel is closed for good when a thread writing to it is interrupted (shutdown). */
    private FileOutputStream out;
    /** Set once {@link #latest} holds the file's records: lookups need the lock only before. */
    private volatile boolean opened;
    /** Lines written (under this object's lock), and how many of them are on disk (under {@link #syncing}). */
    private long written;

    private final Object syncing = new Object();
    private long synced;

    FileIdempotencyRecords(Path dir) {
        this(dir, o -> o.getFD().sync());
    }

    FileIdempotencyRecords(Path dir, Sync sync) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.sync = sync;
    }

    @Override
    public Claim claim(String id, Instant now, Duration inProgressFor, Duration retention, boolean reclaimInterrupted) {
        Written w;
        synchronized (this) {
            open(now);
            Entry held = decided(id, now);
            if (held != null && !(reclaimInterrupted && held.interrupted(now))) {
                return new Claim(Optional.of(held));
            }
            w = write(new Entry(id, Status.INPROGRESS, null, now, now.plus(retention), now.plus(inProgressFor)), null);
        }
        durable(w);
        return new Claim(Optional.empty());
    }

    @Override
    public void complete(String id, String outcome, Instant now, Duration retention) {
        Written w;
        synchronized (this) {
            open(now);
            w = write(new Entry(id, Status.COMPLETED, outcome, now, now.plus(retention), now), null);
        }
        durable(w);
    }

    @Override
    public void release(String id) {
        Instant now = Instant.now();
        Written w;
        synchronized (this) {
            open(now);
            w = write(new Entry(id, Status.INPROGRESS, null, now, now, now), RELEASED);
        }
        durable(w);
    }

    @Override
    public Optional<Entry> get(String id, Instant now) {
        if (!opened) {
            synchronized (this) {
                open(now);
            }
        }
        return Optional.ofNullable(live(id, now));
    }

    int size() {
        return latest.size();
    }

    Path file() {
        return file;
    }

    private Entry live(String id, Instant now) {
        Entry e = latest.get(id);
        return e == null || e.expiry().isBefore(now) ? null : e;
    }

    /** Under this object's lock: the record a claim must respect, on disk or only decided (written, being forced). */
    private Entry decided(String id, Instant now) {
        Optional<Entry> p = pending.get(id);
        Entry e = p != null ? p.orElse(null) : latest.get(id);
        return e == null || e.expiry().isBefore(now) ? null : e;
    }

    /** One line written, not yet known to be on disk: its number in the file, and the record it decided. */
    private record Written(long line, String id, Optional<Entry> record) {}

    /** Under this object's lock: appends the line (to the page cache; {@link #durable} forces it) and decides it. */
    private Written write(Entry e, String status) {
        try {
            out.write((line(e, status) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot record " + e.id() + " in " + file + ": " + ex.getMessage(), ex);
        }
        Written w = new Written(++written, e.id(), RELEASED.equals(status) ? Optional.empty() : Optional.of(e));
        pending.put(e.id(), w.record());
        return w;
    }

    /**
     * Returns once line {@code w} is on disk, then lets lookups see it. Outside this object's lock: writers append
     * while one {@code fsync} runs, and the next one forces all of their lines at once (group commit), so commands of
     * different ids no longer queue one {@code fsync} each behind a single lock.
     */
    private void durable(Written w) {
        try {
            synchronized (syncing) {
                if (synced < w.line()) {
                    long upTo;
                    FileOutputStream o;
                    synchronized (this) {
                        upTo = written;
                        o = out;
                    }
                    sync.force(o);
                    synced = upTo;
                }
            }
        } catch (IOException | RuntimeException ex) {
            synchronized (this) {
                if (pending.get(w.id()) == w.record()) {
                    pending.remove(w.id()); // not known to be on disk: not decided either
                }
            }
            throw new UncheckedIOException(
                    "cannot record " + w.id() + " in " + file + ": " + ex.getMessage(),
                    ex instanceof IOException io ? io : new IOException(ex));
        }
        synchronized (this) {
            if (pending.get(w.id()) == w.record()) { // else a later line of this id decided since
                pending.remove(w.id());
                // once on disk: a lookup sees only what a crash cannot undo
                w.record().ifPresentOrElse(e -> latest.put(e.id(), e), () -> latest.remove(w.id()));
            }
        }
    }

    private static String line(Entry e, String status) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", e.time().toString());
        n.put("status", status != null ? status : e.status().name());
        n.put("id", e.id());
        if (e.outcome() != null) {
            n.put("outcome", e.outcome());
        }
        n.put("expiry", e.expiry().toString());
        return n.toString();
    }

    private void open(Instant now) {
        if (out != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Map<String, Entry> kept = Files.exists(file) ? read(file, now) : Map.of();
            compact(kept);
            out = new FileOutputStream(file.toFile(), true);
            latest.putAll(kept);
            opened = true;
            LOG.infof("idempotency records in %s (%d kept)", file, kept.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the idempotency records " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Entry> read(Path file, Instant now) throws IOException {
        Map<String, Entry> kept = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(l);
                if (!n.has("id") && n.has("eventId")) {
                    n = fromOldFormat(n);
                }
                String id = n.get("id").asText();
                String status = n.get("status").asText();
                kept.remove(id);
                Instant expiry = Instant.parse(n.get("expiry").asText());
                if (RELEASED.equals(status) || expiry.isBefore(now)) {
                    continue;
                }
                // a record still in progress in the file belonged to a process that is gone: interrupted
                kept.put(
                        id,
                        new Entry(
                                id,
                                Status.valueOf(status),
                                n.hasNonNull("outcome") ? n.get("outcome").asText() : null,
                                Instant.parse(n.get("time").asText()),
                                expiry,
                                Instant.EPOCH));
            } catch (IOException | RuntimeException e) {
                // the last line can be torn by a crash in the middle of a write; nothing after it was acknowledged
                LOG.warnf("%s:%d: unreadable idempotency record dropped (%s)", file, i + 1, e.getMessage());
            }
        }
        return kept;
    }

    /**
     * A line of the format before the state backend ({@code eventId}, {@code action}, {@code target}, {@code state}
     * started|done|released, no expiry) as a record: its id is the one {@code idempotency.Key} gives a command without
     * parameters (they were not part of the key then, so the record stands for any parameters), kept for the default
     * retention (7 days) from its time. So an upgrade keeps what was carried out, and an interrupted command stays
     * interrupted.
     */
    static ObjectNode fromOldFormat(JsonNode old) {
        ObjectNode n = JSON.createObjectNode();
        n.put(
                "id",
                esc(old.get("eventId").asText()) + "|" + esc(old.get("action").asText()) + "|"
                        + esc(old.path("target").asText("")));
        String state = old.get("state").asText();
        n.put(
                "status",
                switch (state) {
                    case "started" -> Status.INPROGRESS.name();
                    case "done" -> Status.COMPLETED.name();
                    case "released" -> RELEASED;
                    default -> throw new IllegalArgumentException("unknown state '" + state + "'");
                });
        n.put("time", old.get("time").asText());
        n.put(
                "expiry",
                Instant.parse(old.get("time").asText())
                        .plus(OLD_FORMAT_RETENTION)
                        .toString());
        if (old.hasNonNull("outcome")) {
            n.put("outcome", old.get("outcome").asText());
        }
        return n;
    }

    private static String esc(String s) {
        return s.replace("%", "%25").replace("|", "%7C");
    }

    private void compact(Map<String, Entry> kept) throws IOException {
        if (!Files.exists(file) && kept.isEmpty()) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileOutputStream o = new FileOutputStream(tmp.toFile())) {
            StringBuilder sb = new StringBuilder();
            for (Entry e : kept.values()) {
                sb.append(line(e, null)).append('\n');
            }
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            o.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
            opened = false;
            latest.clear();
            pending.clear();
        }
    }
}
