package dev.riposte.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * What an {@link EventFilter} found about one event and the related facts normalized with it: whether the event can
 * reach a rule, and which related facts can (bit {@code i} of {@code related} for the {@code i}-th; facts past the
 * 64th always count as reachable). A rule session inserts only what can reach a rule: the rest would join nothing.
 */
public record Verdict(boolean event, long related) {
    /** Everything can reach a rule: what a session assumes when no filter judged the fact. */
    public static final Verdict ALL = new Verdict(true, -1L);

    /** Whether the {@code i}-th related fact can reach a rule. */
    public boolean related(int i) {
        return i >= Long.SIZE || (related & (1L << i)) != 0;
    }

    /** {@code facts} without the related facts that cannot reach a rule (the same list when all can). */
    public <T> List<T> reachable(List<T> facts) {
        long all = facts.size() >= Long.SIZE ? -1L : (1L << facts.size()) - 1;
        if ((related & all) == all) {
            return facts;
        }
        List<T> out = new ArrayList<>(facts.size());
        for (int i = 0; i < facts.size(); i++) {
            if (related(i)) {
                out.add(facts.get(i));
            }
        }
        return out;
    }
}
