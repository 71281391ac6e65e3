package dev.riposte.audit;

/** Discards records: for {@code riposte test}, where the decisions are compared, not kept. */
public final class NullAuditSink implements AuditSink {
    @Override
    public void write(AuditRecord record) {}
}
