package dev.riposte.rules;

import java.util.ArrayList;
import java.util.List;

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
 * accumulate, change no {@code not} or {@code exists}, and only wait to expire. Replay asks this on its
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
    private final List<ObjectTypeNode> typeNodes;
    private final Class<?> factClass;
    private final KieSession resolver;

    EventFilter(KieBase kieBase, KieSession resolver, Class<?> factClass) {
        this.factClass = factClass;
        this.resolver = resolver;
        List<ObjectTypeNode> nodes = new ArrayList<>();
        EntryPointNode entry = ((InternalRuleBase) kieBase).getRete().getEntryPointNode(EntryPointId.DEFAULT);
        if (entry != null) {
            for (var e : entry.getObjectTypeNodes().entrySet()) {
                ObjectType type = e.getKey();
                if (type.isAssignableFrom(factClass)) {
                    nodes.add(e.getValue());
                }
            }
        }
        this.typeNodes = List.copyOf(nodes);
    }

    /** True when {@code fact} passes the alpha constraints on the way to at least one join, window or rule. */
    public boolean canMatch(Object fact) {
        if (!factClass.isInstance(fact)) {
            return true; // other classes are not analysed: insert them
        }
        DefaultFactHandle handle = new DefaultFactHandle(0, fact);
        ValueResolver values = (ValueResolver) resolver;
        for (ObjectTypeNode otn : typeNodes) {
            if (reaches(otn, handle, values)) {
                return true;
            }
        }
        return false;
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

    private static boolean allAllowed(List<AlphaNodeFieldConstraint> constraints, DefaultFactHandle handle, ValueResolver values) {
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
