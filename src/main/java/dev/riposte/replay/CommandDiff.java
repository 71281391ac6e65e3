package dev.riposte.replay;

import dev.riposte.audit.AuditRecord;
import dev.riposte.fact.SecurityEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares, event by event, the commands two rule sets planned for the same fact. Commands equal in
 * rule, action, target and parameters match; of the rest, pairs with the same action and target are
 * {@code changed} (another rule or other parameters); what remains is {@code added} (only the other
 * set plans it) or {@code removed} (only the current set does). Keeps counts and a few examples per rule.
 */
final class CommandDiff {
    static final int EXAMPLES_PER_RULE = 3;

    private static final class PerRule {
        long added;
        long removed;
        long changed;
        final List<ReplayReport.Example> examples = new ArrayList<>();
    }

    private final Map<String, PerRule> rules = new TreeMap<>();
    private final String otherVersion;

    CommandDiff(String otherVersion) {
        this.otherVersion = otherVersion;
    }

    void compare(SecurityEvent event, String origin, List<AuditRecord> current, List<AuditRecord> other) {
        List<ReplayReport.Command> before = commands(current);
        List<ReplayReport.Command> after = commands(other);
        if (before.isEmpty() && after.isEmpty()) {
            return;
        }
        // exact matches are no difference
        for (Iterator<ReplayReport.Command> it = before.iterator(); it.hasNext(); ) {
            if (after.remove(it.next())) {
                it.remove();
            }
        }
        for (Iterator<ReplayReport.Command> it = before.iterator(); it.hasNext(); ) {
            ReplayReport.Command b = it.next();
            ReplayReport.Command a = after.stream()
                    .filter(x -> Objects.equals(x.action(), b.action()) && Objects.equals(x.target(), b.target()))
                    .findFirst()
                    .orElse(null);
            if (a != null) {
                after.remove(a);
                it.remove();
                record(a.rule(), "changed", event, origin, b, a).changed++;
            }
        }
        before.forEach(b -> record(b.rule(), "removed", event, origin, b, null).removed++);
        after.forEach(a -> record(a.rule(), "added", event, origin, null, a).added++);
    }

    private PerRule record(
            String rule,
            String change,
            SecurityEvent e,
            String origin,
            ReplayReport.Command before,
            ReplayReport.Command after) {
        PerRule r = rules.computeIfAbsent(rule, k -> new PerRule());
        if (r.examples.size() < EXAMPLES_PER_RULE) {
            r.examples.add(new ReplayReport.Example(change, e.id(), e.time().toString(), origin, before, after));
        }
        return r;
    }

    private static List<ReplayReport.Command> commands(List<AuditRecord> records) {
        List<ReplayReport.Command> out = new ArrayList<>();
        for (AuditRecord a : records) {
            if (a.action() != null) {
                out.add(new ReplayReport.Command(
                        a.rule(), a.action(), a.target(), a.params() == null ? Map.of() : a.params()));
            }
        }
        return out;
    }

    ReplayReport.Diff report() {
        List<ReplayReport.RuleDiff> out = new ArrayList<>();
        long added = 0;
        long removed = 0;
        long changed = 0;
        for (Map.Entry<String, PerRule> e : rules.entrySet()) {
            PerRule r = e.getValue();
            out.add(new ReplayReport.RuleDiff(e.getKey(), r.added, r.removed, r.changed, List.copyOf(r.examples)));
            added += r.added;
            removed += r.removed;
            changed += r.changed;
        }
        return new ReplayReport.Diff(otherVersion, added, removed, changed, List.copyOf(out));
    }
}
