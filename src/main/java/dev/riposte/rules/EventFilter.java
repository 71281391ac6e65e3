package dev.riposte.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.base.base.ObjectType;
import org.drools.base.base.ValueResolver;
import org.drools.base.rule.EntryPointId;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;
import org.drools.core.common.DefaultFactHandle;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectSource;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.core.reteoo.WindowNode;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

/**
 * Tells, without a rule session, whether a fact could reach any rule of a rule set: whether it passes the
 * literal (alpha) constraints of at least one pattern it would be matched against, in the compiled network
 * itself. A fact that passes none is inert: inserted, it would join nothing, count in no window or
 * accumulate, change no {@code not} or {@code exists}, and only wait to expire (or, for a fact normalized beside an
 * event, be deleted again). Replay asks this on its
 * reader threads and does not insert inert events, which is most of them, so the one rule-session thread
 * does only the work that can change a decision.
 *
 * <p>Exact, not a heuristic: every sink of the fact's object-type nodes (its class and every supertype a
 * pattern names) is followed; alpha nodes and window filters are evaluated, anything else (a join, a
 * {@code not}, a rule's start) counts as reachable. A constraint that throws counts as reachable too, so the
 * session reports the failure as it always has. One per thread (its constraints are evaluated against a
 * private, empty session); close it when done.
 */
public final class EventFilter implements AutoCloseable {
    private final List<Map.Entry<ObjectType, ObjectTypeNode>> typeNodes;
    private final KieSession resolver;
    // the object-type nodes a class is matched against (its own and its supertypes'), found once per class
    private final Map<Class<?>, List<ObjectTypeNode>> byClass = new HashMap<>();

    EventFilter(KieBase kieBase, KieSession resolver) {
        this.resolver = resolver;
        EntryPointNode entry = ((InternalRuleBase) kieBase).getRete().getEntryPointNode(EntryPointId.DEFAULT);
        this.typeNodes = entry == null
                ? List.of()
                : List.copyOf(entry.getObjectTypeNodes().entrySet());
    }

    /** True when {@code fact} passes the alpha constraints on the way to at least one join, window or rule. */
    public boolean canMatch(Object fact) {
        DefaultFactHandle handle = new DefaultFactHandle(0, fact);
        ValueResolver values = (ValueResolver) resolver;
        for (ObjectTypeNode otn : byClass.computeIfAbsent(fact.getClass(), this::nodesFor)) {
            if (reaches(otn, handle, values)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #canMatch} of an event and of each fact normalized with it (up to 64; any further ones count as reachable). */
    public Verdict judge(Object event, List<?> related) {
        long mask = -1L;
        for (int i = 0; i < Math.min(related.size(), Long.SIZE); i++) {
            if (!canMatch(related.get(i))) {
                mask &= ~(1L << i);
            }
        }
        return new Verdict(canMatch(event), mask);
    }

    private List<ObjectTypeNode> nodesFor(Class<?> factClass) {
        List<ObjectTypeNode> nodes = new ArrayList<>();
        for (Map.Entry<ObjectType, ObjectTypeNode> e : typeNodes) {
            if (e.getKey().isAssignableFrom(factClass)) {
                nodes.add(e.getValue());
            }
        }
        return List.copyOf(nodes);
    }

    private static boolean reaches(ObjectSource source, DefaultFactHandle handle, ValueResolver values) {
        for (ObjectSink sink : source.getObjectSinkPropagator().getSinks()) {
            if (sink instanceof AlphaNode alpha) {
                if (allowed(alpha.getConstraint(), handle, values) && reaches(alpha, handle, values)) {
                    return true;
                }
            } else if (sink instanceof WindowNode window) {
                if (allAllowed(window.getConstraints(), handle, values)) {
                    return true;
                }
            } else {
                return true; // a join's right input, a rule's start, a not/exists/accumulate: the fact gets there
            }
        }
        return false;
    }

    private static boolean allAllowed(
            List<AlphaNodeFieldConstraint> constraints, DefaultFactHandle handle, ValueResolver values) {
        for (AlphaNodeFieldConstraint c : constraints) {
            if (!allowed(c, handle, values)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(AlphaNodeFieldConstraint c, DefaultFactHandle handle, ValueResolver values) {
        try {
            return c.isAllowed(handle, values);
        } catch (RuntimeException e) {
            return true; // let the session meet the failure and report it against the rule
        }
    }

    @Override
    public void close() {
        resolver.dispose();
    }
}
