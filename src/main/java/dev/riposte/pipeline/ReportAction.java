package dev.riposte.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One action of an investigation report: the rule that decided it, the command, how it ended and its AWS requests as
 * the audit record holds them (the exact requests planned; those sent once live and carried out). The JSON report
 * keeps every request whole; the Markdown cuts long parameters (a published message holds a whole report).
 */
record ReportAction(AuditRecord record) {
    /** How much of one request's parameters the Markdown shows. */
    static final int REQUEST_CHARS = 400;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The action of a decision record; null for a record of no action (no match, rejected input). */
    static ReportAction of(AuditRecord r) {
        return r.action() == null ? null : new ReportAction(r);
    }

    /** The JSON report's entry: {@code {rule, action, target, params, mode, outcome, error, requests}}. */
    Map<String, Object> json() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("rule", record.rule());
        a.put("action", record.action());
        a.put("target", record.target());
        a.put("params", params());
        a.put("mode", value(record.mode()));
        a.put("outcome", value(record.outcome()));
        a.put("error", record.error());
        a.put("requests", requests());
        return a;
    }

    /** The summary's line: {@code ec2:isolate-instance i-0abc -> planned (dry-run)}. */
    String brief() {
        return record.action() + " " + record.target() + " -> " + value(record.outcome()) + " (" + value(record.mode())
                + ")";
    }

    /** The Markdown list item: the action, the rule that decided it, its outcome, then one sub-item per AWS request. */
    void markdown(StringBuilder b) {
        b.append("- `")
                .append(record.action())
                .append("` on ")
                .append(record.target())
                .append(" (rule \"")
                .append(record.rule())
                .append("\"): **")
                .append(value(record.outcome()))
                .append("** (")
                .append(value(record.mode()))
                .append(')');
        if (record.error() != null) {
            b.append(": ").append(record.error());
        }
        Object message = params().get("message");
        if (message != null) {
            b.append(" — ").append(message);
        }
        b.append('\n');
        if (!requests().isEmpty()) {
            b.append("  - AWS requests ").append(sent() ? "sent" : "planned").append(":\n");
            requests().forEach(r -> b.append("    - ").append(request(r)).append('\n'));
        }
    }

    /** Carried out live: the requests were sent. Otherwise (dry-run, shadow, stopped by a guard) they were planned. */
    private boolean sent() {
        return record.mode() == Mode.LIVE && record.outcome() == Outcome.SUCCEEDED;
    }

    private Map<String, Object> params() {
        return record.params() == null ? Map.of() : record.params();
    }

    private List<Map<String, Object>> requests() {
        return record.requests() == null ? List.of() : record.requests();
    }

    /** {@code `ec2:DescribeInstances` `{"InstanceIds":["i-0abc"]}`}, the parameters cut at {@link #REQUEST_CHARS}. */
    static String request(Map<String, Object> r) {
        String parameters;
        try {
            parameters = JSON.writeValueAsString(r.getOrDefault("parameters", Map.of()));
        } catch (JsonProcessingException e) {
            parameters = String.valueOf(r.get("parameters"));
        }
        boolean cut = parameters.length() > REQUEST_CHARS;
        if (cut) {
            parameters = parameters.substring(0, REQUEST_CHARS) + "…";
        }
        String code = parameters.contains("`") ? "`` " + parameters + " ``" : "`" + parameters + "`";
        return "`" + r.get("service") + ":" + r.get("operation") + "` " + code
                + (cut ? " (cut; the JSON report has it whole)" : "");
    }

    private static String value(Mode m) {
        return m == null ? null : m.value();
    }

    private static String value(Outcome o) {
        return o == null ? null : o.value();
    }
}
