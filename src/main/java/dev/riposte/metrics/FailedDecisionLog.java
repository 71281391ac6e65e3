package dev.riposte.metrics;

import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.pipeline.DecisionListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One WARN line in the service log per {@code failed} decision (a command AWS or a guard refused, a rule that threw), so
 * that operators see it where they look and CloudWatch can count it: the audit log is a file on the volume, and the
 * {@code riposte_decisions_total{outcome="failed"}} counter reaches CloudWatch only through a scraper.
 * deploy/cloudformation/riposte-alarms.json alarms on these lines (logger {@value #LOGGER}, message starting with
 * {@value #PREFIX}).
 */
@ApplicationScoped
class FailedDecisionLog implements DecisionListener {
    static final String LOGGER = "riposte.decisions";
    static final String PREFIX = "decision failed: ";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Override
    public void evaluated(SecurityEvent event, List<String> rulesFired, long nanos) {
        // only decisions count here
    }

    @Override
    public void decided(AuditRecord r) {
        if (r.outcome() == Outcome.FAILED) {
            LOG.warn(line(r));
        }
    }

    /** {@code decision failed: ec2:isolate-instance on i-0abc (rule R, event E, live): reason}. */
    static String line(AuditRecord r) {
        String what = r.action() == null ? "rule evaluation" : r.action() + " on " + r.target();
        return PREFIX + what + " (rule " + r.rule() + ", event " + r.eventId() + ", " + r.mode() + "): " + r.error();
    }
}
