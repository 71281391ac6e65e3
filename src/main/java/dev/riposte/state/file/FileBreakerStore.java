package dev.riposte.state.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.state.BreakerRecord;
import dev.riposte.state.BreakerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Files of the breaker under the state folder: {@code breaker.json} (replaced atomically on every change, its version
 * compared under a lock on {@code breaker.lock}, so {@code riposte breaker reset} from another process cannot be lost)
 * and {@code breaker-parked.jsonl} (one line per parked command, appended, never rewritten).
 */
final class FileBreakerStore implements BreakerStore {
    private final Path stateFile;
    private final Path lockFile;
    private final Path parkedFile;
    private final ObjectMapper json = new ObjectMapper();

    FileBreakerStore(Path stateDir) {
        this.stateFile = stateDir.resolve("breaker.json");
        this.lockFile = stateDir.resolve("breaker.lock");
        this.parkedFile = stateDir.resolve("breaker-parked.jsonl");
    }

    @Override
    public String parkedLocation() {
        return parkedFile.toString();
    }

    @Override
    public synchronized BreakerRecord read() {
        if (!Files.exists(stateFile)) {
            return BreakerRecord.closed();
        }
        try {
            return json.readValue(stateFile.toFile(), BreakerRecord.class);
        } catch (IOException e) {
            // a breaker whose state cannot be read must not silently close: treat it as open
            return new BreakerRecord(
                    -1,
                    true,
                    Map.of(),
                    null,
                    "breaker state " + stateFile + " is unreadable ("
                            + e.getMessage().lines().findFirst().orElse("") + "); fix or reset it",
                    0,
                    null,
                    null,
                    null,
                    null);
        }
    }

    @Override
    public synchronized boolean compareAndSet(long expectedVersion, BreakerRecord next) {
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                long stored = read().version();
                if (stored != expectedVersion && stored != -1) {
                    return false;
                }
                BreakerRecord versioned = next.withVersion(Math.max(stored, expectedVersion) + 1);
                Path tmp = stateFile.resolveSibling(String.valueOf(stateFile.getFileName()) + ".tmp");
                Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(versioned));
                try {
                    Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
                }
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write breaker state " + stateFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void park(Map<String, Object> command) {
        try {
            Files.createDirectories(parkedFile.toAbsolutePath().getParent());
            Files.write(
                    parkedFile,
                    (json.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot park command in " + parkedFile + ": " + e.getMessage(), e);
        }
    }
}
