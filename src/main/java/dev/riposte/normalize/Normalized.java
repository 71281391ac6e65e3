package dev.riposte.normalize;

import dev.riposte.fact.SecurityEvent;

import java.util.List;
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
}
