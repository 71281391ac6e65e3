package dev.riposte.api;

import dev.riposte.audit.AuditRecord;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.pipeline.DecisionListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/** The last {@value #CAPACITY} audit records, newest first, for {@code GET /admin/decisions}. The audit file stays the record. */
@ApplicationScoped
class RecentDecisions implements DecisionListener {
    static final int CAPACITY = 1000;
    private final Deque<AuditRecord> records = new ArrayDeque<>();

    @Override
    public void evaluated(SecurityEvent event, List<String> rulesFired, long nanos) {}

    @Override
    public synchronized void decided(AuditRecord record) {
        records.addFirst(record);
        if (records.size() > CAPACITY) {
            records.removeLast();
        }
    }

    synchronized List<AuditRecord> find(Predicate<AuditRecord> filter, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        for (Iterator<AuditRecord> it = records.iterator(); it.hasNext() && out.size() < limit; ) {
            AuditRecord r = it.next();
            if (filter.test(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
