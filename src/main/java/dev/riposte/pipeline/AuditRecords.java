package dev.riposte.pipeline;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.IsoInstant;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles the audit records the pipeline writes: the one factory of {@link AuditRecord}s (replay only adds its simulation). */
final class AuditRecords {
    private AuditRecords() {}

    /** The mode a command runs in, as the dispatcher records it. */
    static Mode mode(boolean shadow, boolean dryRun) {
        return Mode.of(shadow, dryRun);
    }

    /** An input that could not be read or normalized: no event, only where it came from and why. */
    static AuditRecord rejected(String version, String origin, String reason) {
        return AuditRecord.builder()
                .time(IsoInstant.format(Instant.now()))
                .rulesVersion(version)
                .params(Map.of())
                .outcome(Outcome.REJECTED)
                .requests(List.of())
                .error(reason)
                .input(origin)
                .build();
    }

    /** What one rule (null: none) decided about one event under one rule set version; {@code origin} may be null. */
    record Decision(SecurityEvent event, String rule, String version, String origin) {

        /** A command the dispatcher handled: everything it did, AWS's DryRun verdict and the rate-limit wait included. */
        AuditRecord dispatched(
                String action,
                String target,
                Map<String, Object> params,
                DispatchResult d,
                Map<String, Object> playbook) {
            return build(
                    action,
                    target,
                    params,
                    d.mode(),
                    d.outcome(),
                    d.requests(),
                    d.awsRequestId(),
                    d.error(),
                    d.durationMs(),
                    playbook,
                    d.awsDryRun(),
                    d.rateLimitWaitMs());
        }

        /** A decision that never reached the dispatcher (no match, a rule or playbook that failed, a step awaiting approval). */
        AuditRecord undispatched(
                String action,
                String target,
                Map<String, Object> params,
                Mode mode,
                Outcome outcome,
                String error,
                Map<String, Object> playbook) {
            return build(action, target, params, mode, outcome, List.of(), null, error, 0, playbook, null, 0);
        }

        private AuditRecord build(
                String action,
                String target,
                Map<String, Object> params,
                Mode mode,
                Outcome outcome,
                List<AwsRequest> requests,
                String awsRequestId,
                String error,
                long durationMs,
                Map<String, Object> playbook,
                String awsDryRun,
                long rateLimitWaitMs) {
            List<Map<String, Object>> reqs = new ArrayList<>();
            for (AwsRequest r : requests) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("service", r.service());
                m.put("operation", r.operation());
                m.put("parameters", r.parameters());
                reqs.add(m);
            }
            return AuditRecord.builder()
                    .time(IsoInstant.format(Instant.now()))
                    .eventId(event.id())
                    .eventTime(IsoInstant.format(event.time()))
                    .source(event.source())
                    .type(event.type())
                    .account(event.account())
                    .region(event.region())
                    .rule(rule)
                    .rulesVersion(version)
                    .action(action)
                    .target(target)
                    .params(params)
                    .mode(mode)
                    .outcome(outcome)
                    .requests(reqs)
                    .awsRequestId(awsRequestId)
                    .error(error)
                    .durationMs(durationMs)
                    .input(origin)
                    .playbook(playbook)
                    .awsDryRun(awsDryRun)
                    .rateLimitWaitMs(rateLimitWaitMs)
                    .build();
        }
    }

    /** The {@code playbook} field of a step's record. */
    static Map<String, Object> run(String playbook, String runId, int step, String name, String approvedBy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", playbook);
        m.put("run", runId);
        m.put("step", step);
        m.put("name", name);
        if (approvedBy != null) {
            m.put("approvedBy", approvedBy);
        }
        return m;
    }
}
