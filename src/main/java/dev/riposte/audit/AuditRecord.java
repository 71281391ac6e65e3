package dev.riposte.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import java.util.List;
import java.util.Map;

/**
 * One decision, as written to the audit log (README, "Audit log"). Every event leaves at least one.
 * {@code eventTime} is when the event happened (replays and reports order by it); {@code input} names the
 * file:line or transport it came from. {@code requests} holds maps {@code {service, operation, parameters}} so this package needs nothing
 * of dispatch.
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
public record AuditRecord(
        String time,
        String eventId,
        String eventTime,
        String source,
        String type,
        String account,
        String region,
        String rule,
        String rulesVersion,
        String action,
        String target,
        Map<String, Object> params,
        Mode mode,
        Outcome outcome,
        List<Map<String, Object>> requests,
        String awsRequestId,
        String error,
        long durationMs,
        String input,
        Map<String, Object> playbook,
        String report,
        String awsDryRun,
        long rateLimitWaitMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> simulated) {

    /** An empty builder: every field null or 0 until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .time(time)
                .eventId(eventId)
                .eventTime(eventTime)
                .source(source)
                .type(type)
                .account(account)
                .region(region)
                .rule(rule)
                .rulesVersion(rulesVersion)
                .action(action)
                .target(target)
                .params(params)
                .mode(mode)
                .outcome(outcome)
                .requests(requests)
                .awsRequestId(awsRequestId)
                .error(error)
                .durationMs(durationMs)
                .input(input)
                .playbook(playbook)
                .report(report)
                .awsDryRun(awsDryRun)
                .rateLimitWaitMs(rateLimitWaitMs)
                .simulated(simulated);
    }

    /** The same record pointing at the event's investigation report. */
    public AuditRecord withReport(String path) {
        return toBuilder().report(path).build();
    }

    /** The same record with what live would have done (replay's simulation). */
    public AuditRecord withSimulated(Map<String, Object> what) {
        return toBuilder().simulated(what).build();
    }

    /** Builds a record field by field, by name: the one way to make one (the JSON keeps the record's field order). */
    public static final class Builder {
        private String time;
        private String eventId;
        private String eventTime;
        private String source;
        private String type;
        private String account;
        private String region;
        private String rule;
        private String rulesVersion;
        private String action;
        private String target;
        private Map<String, Object> params;
        private Mode mode;
        private Outcome outcome;
        private List<Map<String, Object>> requests;
        private String awsRequestId;
        private String error;
        private long durationMs;
        private String input;
        private Map<String, Object> playbook;
        private String report;
        private String awsDryRun;
        private long rateLimitWaitMs;
        private Map<String, Object> simulated;

        private Builder() {}

        public Builder time(String time) {
            this.time = time;
            return this;
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder eventTime(String eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder rule(String rule) {
            this.rule = rule;
            return this;
        }

        public Builder rulesVersion(String rulesVersion) {
            this.rulesVersion = rulesVersion;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder params(Map<String, Object> params) {
            this.params = params;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder requests(List<Map<String, Object>> requests) {
            this.requests = requests;
            return this;
        }

        public Builder awsRequestId(String awsRequestId) {
            this.awsRequestId = awsRequestId;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder durationMs(long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public Builder input(String input) {
            this.input = input;
            return this;
        }

        public Builder playbook(Map<String, Object> playbook) {
            this.playbook = playbook;
            return this;
        }

        public Builder report(String report) {
            this.report = report;
            return this;
        }

        public Builder awsDryRun(String awsDryRun) {
            this.awsDryRun = awsDryRun;
            return this;
        }

        public Builder rateLimitWaitMs(long rateLimitWaitMs) {
            this.rateLimitWaitMs = rateLimitWaitMs;
            return this;
        }

        public Builder simulated(Map<String, Object> simulated) {
            this.simulated = simulated;
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(
                    time,
                    eventId,
                    eventTime,
                    source,
                    type,
                    account,
                    region,
                    rule,
                    rulesVersion,
                    action,
                    target,
                    params,
                    mode,
                    outcome,
                    requests,
                    awsRequestId,
                    error,
                    durationMs,
                    input,
                    playbook,
                    report,
                    awsDryRun,
                    rateLimitWaitMs,
                    simulated);
        }
    }
}
