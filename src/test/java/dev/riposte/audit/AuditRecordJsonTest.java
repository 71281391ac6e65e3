package dev.riposte.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import org.junit.jupiter.api.Test;

/** An audit line written before outcomes and modes were enums reads, and writes back byte for byte. */
class AuditRecordJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A line as the audit log wrote it (field order of SPEC §6), a planned command of a dry run. */
    static final String LINE =
            "{\"time\":\"2024-05-01T12:00:01Z\",\"eventId\":\"e-1\",\"eventTime\":\"2024-05-01T12:00:00Z\","
                    + "\"source\":\"guardduty\",\"type\":\"UnauthorizedAccess:EC2/TorClient\",\"account\":\"111122223333\","
                    + "\"region\":\"us-east-1\",\"rule\":\"isolate tor\",\"rulesVersion\":\"v1\",\"action\":\"ec2:isolate-instance\","
                    + "\"target\":\"i-1\",\"params\":{},\"mode\":\"dry-run\",\"outcome\":\"rate-limited\",\"requests\":[],"
                    + "\"awsRequestId\":null,\"error\":\"no token\",\"durationMs\":3,\"input\":\"http\",\"playbook\":null,\"report\":null,"
                    + "\"awsDryRun\":null,\"rateLimitWaitMs\":0}";

    @Test
    void anOlderLineReadsWithTypedOutcomeAndModeAndWritesBackTheSame() throws Exception {
        AuditRecord r = JSON.readValue(LINE, AuditRecord.class);
        assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r.mode()).isEqualTo(Mode.DRY_RUN);
        assertThat(JSON.writeValueAsString(r)).isEqualTo(LINE);
    }

    @Test
    void aRejectedInputHasNoMode() throws Exception {
        String rejected = LINE.replace("\"mode\":\"dry-run\"", "\"mode\":null").replace("rate-limited", "rejected");
        AuditRecord r = JSON.readValue(rejected, AuditRecord.class);
        assertThat(r.mode()).isNull();
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(JSON.writeValueAsString(r)).isEqualTo(rejected);
    }
}
