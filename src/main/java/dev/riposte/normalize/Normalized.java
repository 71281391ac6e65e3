package dev.riposte.normalize;

import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized fact and the extra facts that belong to it, inserted beside it into the rule
 * session (for example one {@link dev.riposte.fact.IngressPermission} per CIDR opened by an
 * {@code AuthorizeSecurityGroupIngress} call).
 *
 * @param event   the security event
 * @param related further facts about the same event (fact-package records), never null
 */
public record Normalized(SecurityEvent event, List<Object> related) {
    public Normalized {
        Objects.requireNonNull(event, "event");
        related = related == null ? List.of() : List.copyOf(related);
    }

    /**
     * The same fact with the event's raw {@code detail} held as compact JSON bytes, parsed again only when read (see
     * {@code Plain.compact}): for facts that are kept a while, as replay keeps them, at the price of one serialization.
     */
    public Normalized compact() {
        SecurityEvent e = event;
        Map<String, Object> d = Plain.compact(e.detail());
        if (d == e.detail()) {
            return this;
        }
        return new Normalized(
                new SecurityEvent(
                        e.id(),
                        e.source(),
                        e.type(),
                        e.time(),
                        e.account(),
                        e.region(),
                        e.severity(),
                        e.principal(),
                        e.resources(),
                        e.outcome(),
                        d),
                related);
    }
}
