package dev.riposte.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON line per record to a file. Each line is written with a single write and
 * flushed before {@link #write} returns, so a record that was acknowledged is on disk
 * (SQS messages are deleted only after that).
 */
public final class JsonlAuditSink implements AuditSink {
    private final ObjectMapper json;
    private final OutputStream out;

    public JsonlAuditSink(Path file, ObjectMapper json) {
        this.json = json;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Serialized before the lock: concurrent requests wait for each other's write, not for each other's JSON. */
    @Override
    public void write(AuditRecord record) {
        try {
            byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit record: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
