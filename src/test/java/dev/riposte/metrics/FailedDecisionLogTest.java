package dev.riposte.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.LogFilterPattern;
import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18.11: every failed decision leaves one WARN line, and the alarm template's metric filter counts exactly those
 * lines as the JSON log writes them (loggerName, level, message).
 */
class FailedDecisionLogTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static AuditRecord record(Outcome outcome, String action, String error) {
        return AuditRecord.builder()
                .eventId("evt-1")
                .rule("GuardDuty EC2 instance compromise: isolate")
                .action(action)
                .target(action == null ? null : "i-0123456789abcdef0")
                .mode(Mode.LIVE)
                .outcome(outcome)
                .error(error)
                .build();
    }

    @Test
    void aFailedDecisionIsOneWarnLineTheAlarmsMetricFilterCounts() throws Exception {
        List<LogRecord> lines = capture(List.of(
                record(Outcome.FAILED, "ec2:isolate-instance", "UnauthorizedOperation: not authorized (403)"),
                record(Outcome.FAILED, null, "rule evaluation failed: NullPointerException: $e was null"),
                record(Outcome.SUCCEEDED, "ec2:isolate-instance", null),
                record(Outcome.SKIPPED, "ec2:isolate-instance", "interrupted"),
                record(Outcome.REJECTED, null, "not JSON")));

        assertThat(lines)
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.getLevel().getName()).isEqualTo("WARN"));
        assertThat(lines.get(0).getMessage())
                .isEqualTo("decision failed: ec2:isolate-instance on i-0123456789abcdef0 (rule GuardDuty EC2 instance"
                        + " compromise: isolate, event evt-1, live): UnauthorizedOperation: not authorized (403)");
        assertThat(lines.get(1).getMessage())
                .startsWith("decision failed: rule evaluation (rule ")
                .endsWith("): rule evaluation failed: NullPointerException: $e was null");

        LogFilterPattern filter = LogFilterPattern.parse(
                JSON.readTree(Files.readString(Path.of("deploy/cloudformation/riposte-alarms.json")))
                        .at("/Resources/FailedDecisionsFilter/Properties/FilterPattern")
                        .asText());
        assertThat(lines)
                .allSatisfy(l -> assertThat(filter.matches(asJsonLog(l)))
                        .as(l.getMessage())
                        .isTrue());
        // what the filter must not count: another logger's line that mentions a failure, and Riposte's other WARNs
        assertThat(filter.matches(JSON.valueToTree(Map.of(
                        "loggerName", "riposte.notify", "level", "WARN", "message", "decision failed: from a rule"))))
                .isFalse();
        assertThat(filter.matches(JSON.valueToTree(
                        Map.of("loggerName", FailedDecisionLog.LOGGER, "level", "WARN", "message", "something else"))))
                .isFalse();
    }

    /** The fields of Quarkus' JSON console log that the filter can read. */
    static JsonNode asJsonLog(LogRecord l) {
        return JSON.valueToTree(
                Map.of("loggerName", l.getLoggerName(), "level", l.getLevel().getName(), "message", l.getMessage()));
    }

    static List<LogRecord> capture(List<AuditRecord> decided) {
        Logger jul = Logger.getLogger(FailedDecisionLog.LOGGER);
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(h);
        try {
            FailedDecisionLog log = new FailedDecisionLog();
            decided.forEach(log::decided);
        } finally {
            jul.removeHandler(h);
        }
        return records;
    }
}
