package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where every decision is written: the audit sink, then the listeners. Fenced: a replica that may no longer record
 * (paused or cut off past its lease) writes nothing and throws, so the owner decides the event and its message stays.
 */
final class Recorder {
    private final AuditSink audit;
    private final List<DecisionListener> listeners;
    private final BooleanSupplier mayRecord;

    Recorder(AuditSink audit, List<DecisionListener> listeners, BooleanSupplier mayRecord) {
        this.audit = audit;
        this.listeners = listeners;
        this.mayRecord = mayRecord;
    }

    void write(AuditRecord r) {
        if (!mayRecord.getAsBoolean()) {
            throw new IllegalStateException(
                    "decision on " + r.eventId() + " not recorded: this replica no longer owns the rules");
        }
        audit.write(r);
        for (DecisionListener l : listeners) {
            l.decided(r);
        }
    }

    List<AuditRecord> writeAll(List<AuditRecord> records) {
        records.forEach(this::write);
        return records;
    }

    /** Tells the listeners one fact went through rules and dispatch. */
    void evaluated(SecurityEvent e, List<String> rulesFired, long nanos) {
        for (DecisionListener l : listeners) {
            l.evaluated(e, rulesFired, nanos);
        }
    }

    void close() {
        audit.close();
    }
}
