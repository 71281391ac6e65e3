package dev.riposte.audit;

/** Where audit records go. Implementations are thread-safe and durable when {@link #write} returns. */
public interface AuditSink extends AutoCloseable {

    void write(AuditRecord record);

    @Override
    default void close() {}
}
