package dev.riposte.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Files of the breaker under the state folder: {@code breaker.json} (replaced atomically on every change) and
 * {@code breaker-parked.jsonl} (one line per parked command, appended, never rewritten).
 */
final class BreakerStore {
    private final Path stateFile;
    private final Path parkedFile;
    private final ObjectMapper json = new ObjectMapper();

    BreakerStore(Path stateDir) {
        this.stateFile = stateDir.resolve("breaker.json");
        this.parkedFile = stateDir.resolve("breaker-parked.jsonl");
    }

    Path parkedFile() {
        return parkedFile;
    }

    BreakerState read() {
        if (!Files.exists(stateFile)) {
            return BreakerState.closed();
        }
        try {
            return json.readValue(stateFile.toFile(), BreakerState.class);
        } catch (IOException e) {
            // a breaker whose state cannot be read must not silently close: treat it as open
            return new BreakerState(true, Map.of(), null, "breaker state " + stateFile + " is unreadable (" + e.getMessage()
                    .lines().findFirst().orElse("") + "); fix or reset it", 0, null, null, null);
        }
    }

    void write(BreakerState state) {
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            try {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write breaker state " + stateFile + ": " + e.getMessage(), e);
        }
    }

    void park(Map<String, Object> command) {
        try {
            Files.createDirectories(parkedFile.toAbsolutePath().getParent());
            Files.write(parkedFile, (json.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot park command in " + parkedFile + ": " + e.getMessage(), e);
        }
    }
}
