package dev.riposte.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import java.util.List;
import java.util.Map;

/**
 * One decision, as written to the audit log (README, "Audit log"). Every event leaves at least one.
 * {@code eventTime} is when the event happened (replays and reports order by it); {@code input} names the
 * file:line or transport it came from. {@code requests} holds maps {@code {service, operation, parameters}} so this package needs nothing of dispatch.
 * {@code playbook} is set on the records of playbook steps: {@code {id, run, step, name}} and, for an approved
 * step, {@code approvedBy}; null for single actions.
 * {@code report} is the path of the event's investigation report (Markdown; the JSON twin sits beside it), null when none was written.
 * {@code awsDryRun} is AWS's verdict on the command sent with {@code DryRun=true} ({@code riposte.dry-run.validate=true}:
 * {@code DryRunOperation}, {@code UnauthorizedOperation}, ...), null when AWS was not asked.
 * {@code rateLimitWaitMs} is how long the command waited for rate-limit tokens before calling AWS (part of {@code durationMs}).
 * {@code simulated} is set by replay only, on the commands it planned: what live ({@code riposte.dry-run=false}) would have
 * done with the command on event time, after the breaker and the rate limits: {@code {outcome, at, reason}}, outcome
 * {@code executed|rate-limited|breaker-open|shadow} (see docs/dispatch.md); left out of the JSON when null.
 */
public record AuditRecord(String time, String eventId, String eventTime, String source, String type, String account, String region,
                          String rule, String rulesVersion, String action, String target, Map<String, Object> params,
                          Mode mode, Outcome outcome, List<Map<String, Object>> requests, String awsRequestId,
                          String error, long durationMs, String input, Map<String, Object> playbook, String report,
                          String awsDryRun, long rateLimitWaitMs,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> simulated) {

    /** A record without a simulated live outcome (everything but replay). */
    public AuditRecord(String time, String eventId, String eventTime, String source, String type, String account, String region,
                       String rule, String rulesVersion, String action, String target, Map<String, Object> params,
                       Mode mode, Outcome outcome, List<Map<String, Object>> requests, String awsRequestId,
                       String error, long durationMs, String input, Map<String, Object> playbook, String report,
                       String awsDryRun, long rateLimitWaitMs) {
        this(time, eventId, eventTime, source, type, account, region, rule, rulesVersion, action, target, params, mode, outcome,
                requests, awsRequestId, error, durationMs, input, playbook, report, awsDryRun, rateLimitWaitMs, null);
    }

    /** A record that is neither a playbook step nor linked to an investigation report. */
    public AuditRecord(String time, String eventId, String eventTime, String source, String type, String account, String region,
                       String rule, String rulesVersion, String action, String target, Map<String, Object> params,
                       Mode mode, Outcome outcome, List<Map<String, Object>> requests, String awsRequestId,
                       String error, long durationMs, String input) {
        this(time, eventId, eventTime, source, type, account, region, rule, rulesVersion, action, target, params, mode, outcome,
                requests, awsRequestId, error, durationMs, input, null, null);
    }

    /** A record without an AWS DryRun verdict that did not wait for rate-limit tokens. */
    public AuditRecord(String time, String eventId, String eventTime, String source, String type, String account, String region,
                       String rule, String rulesVersion, String action, String target, Map<String, Object> params,
                       Mode mode, Outcome outcome, List<Map<String, Object>> requests, String awsRequestId,
                       String error, long durationMs, String input, Map<String, Object> playbook, String report) {
        this(time, eventId, eventTime, source, type, account, region, rule, rulesVersion, action, target, params, mode, outcome,
                requests, awsRequestId, error, durationMs, input, playbook, report, null, 0);
    }

    /** The same record pointing at the event's investigation report. */
    public AuditRecord withReport(String path) {
        return new AuditRecord(time, eventId, eventTime, source, type, account, region, rule, rulesVersion, action, target,
                params, mode, outcome, requests, awsRequestId, error, durationMs, input, playbook, path, awsDryRun, rateLimitWaitMs,
                simulated);
    }

    /** The same record with what live would have done (replay's simulation). */
    public AuditRecord withSimulated(Map<String, Object> what) {
        return new AuditRecord(time, eventId, eventTime, source, type, account, region, rule, rulesVersion, action, target,
                params, mode, outcome, requests, awsRequestId, error, durationMs, input, playbook, report, awsDryRun, rateLimitWaitMs,
                what);
    }
}
