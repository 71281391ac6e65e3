package dev.riposte.replay;

import dev.riposte.normalize.Normalized;
import dev.riposte.rules.EventFilter;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link EventFilter}s of one rule set for replay's reader threads: one per thread, made on first use,
 * all closed with this.
 */
final class EventFilters implements AutoCloseable {
    private final RuleSet rules;
    private final ThreadLocal<EventFilter> perThread;
    private final List<EventFilter> made = new ArrayList<>();

    EventFilters(RuleSet rules) {
        this.rules = rules;
        this.perThread = ThreadLocal.withInitial(this::make);
    }

    private EventFilter make() {
        EventFilter f = rules.newEventFilter();
        synchronized (made) {
            made.add(f);
        }
        return f;
    }

    /** Which of the fact's event and related facts can reach a rule of the set. */
    Verdict judge(Normalized n) {
        return perThread.get().judge(n.event(), n.related());
    }

    @Override
    public void close() {
        synchronized (made) {
            made.forEach(EventFilter::close);
            made.clear();
        }
    }
}
