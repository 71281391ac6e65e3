package dev.riposte.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An append-only JSON Lines file of command states ({@code started}, {@code done}, {@code released}),
 * each line forced to disk ({@code fsync}) before {@link #append} returns, so what was recorded survives
 * a crash of the process or the machine. The latest state per key is kept in memory.
 *
 * <p>On open the file is compacted: entries older than the retention go, a line torn by a crash is
 * dropped, and the survivors are written to a new file that replaces the old one atomically. Not thread-safe:
 * {@link IdempotencyCheck} serializes access.
 */
final class IdempotencyStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);
    static final String FILE = "idempotency.jsonl";

    enum State { STARTED, DONE, RELEASED }

    record Entry(State state, String outcome, Instant time) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Key, Entry> latest = new LinkedHashMap<>();
    private final Path file;
    private final Clock clock;
    /** A stream, not a FileChannel: a channel is closed for good when a thread writing to it is interrupted (shutdown). */
    private final FileOutputStream out;

    private IdempotencyStore(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    static IdempotencyStore open(Path dir, Duration retention, Clock clock) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            Map<Key, Entry> kept = Files.exists(file) ? read(file, clock.instant().minus(retention)) : Map.of();
            compact(file, kept);
            IdempotencyStore store = new IdempotencyStore(file, clock);
            store.latest.putAll(kept);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the idempotency store " + file + ": " + e.getMessage(), e);
        }
    }

    Optional<Entry> get(Key key) {
        return Optional.ofNullable(latest.get(key));
    }

    int size() {
        return latest.size();
    }

    Path file() {
        return file;
    }

    /** Records {@code state} for {@code key} and forces it to disk before returning. */
    void append(Key key, State state, String outcome) {
        Entry e = new Entry(state, outcome, clock.instant());
        try {
            out.write((line(key, e) + "\n").getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot record " + key + " in " + file + ": " + ex.getMessage(), ex);
        }
        latest.put(key, e);
    }

    private static String line(Key key, Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", e.time().toString());
        n.put("state", e.state().name().toLowerCase());
        n.put("eventId", key.eventId());
        n.put("action", key.action());
        n.put("target", key.target());
        if (e.outcome() != null) {
            n.put("outcome", e.outcome());
        }
        return n.toString();
    }

    private static Map<Key, Entry> read(Path file, Instant oldest) throws IOException {
        Map<Key, Entry> kept = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(l);
                Key key = new Key(n.get("eventId").asText(), n.get("action").asText(), n.path("target").asText(""));
                Entry e = new Entry(State.valueOf(n.get("state").asText().toUpperCase()),
                        n.hasNonNull("outcome") ? n.get("outcome").asText() : null, Instant.parse(n.get("time").asText()));
                kept.remove(key); // keep insertion order = time order of the latest state
                if (!e.time().isBefore(oldest)) {
                    kept.put(key, e);
                }
            } catch (IOException | RuntimeException e) {
                // the last line can be torn by a crash in the middle of a write; nothing after it was acknowledged
                LOG.warnf("%s:%d: unreadable idempotency entry dropped (%s)", file, i + 1, e.getMessage());
            }
        }
        return kept;
    }

    private static void compact(Path file, Map<Key, Entry> kept) throws IOException {
        if (!Files.exists(file) && kept.isEmpty()) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<Key, Entry> e : kept.entrySet()) {
                sb.append(line(e.getKey(), e.getValue())).append('\n');
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
