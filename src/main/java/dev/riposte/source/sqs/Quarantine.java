package dev.riposte.source.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.aws.sqs.QueueMessage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Malformed messages, kept whole with the reason (JSON Lines: time, messageId, receiveCount, reason, body),
 * forced to disk before the message is deleted from the queue. An operator can fix and resend them.
 */
final class Quarantine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    Quarantine(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void put(QueueMessage m, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Instant.now().toString());
        n.put("messageId", m.id());
        n.put("receiveCount", m.receiveCount());
        n.put("reason", reason);
        n.put("body", m.body());
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // a stream, not a FileChannel: a channel write fails when the thread is interrupted (shutdown)
            try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                out.write((n + "\n").getBytes(StandardCharsets.UTF_8));
                out.getFD().sync();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot quarantine SQS message " + m.id() + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
