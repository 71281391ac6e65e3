package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.pipeline.RecordedContext;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay with a recorded context file: context-dependent built-in rules decide on it, and no AWS client exists to call. */
class ReplayContextTest {
    static final Path SAMPLE = Path.of("samples/guardduty/ec2-backdoor-command-and-control/event.json");

    @TempDir
    Path dir;

    List<AuditRecord> replay(Replayer replayer) {
        CompileResult compiled = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        List<AuditRecord> records = new ArrayList<>();
        AuditSink sink = new AuditSink() {
            @Override
            public void write(AuditRecord r) {
                records.add(r);
            }

            @Override
            public void close() {}
        };
        replayer.run(new Replayer.Input(List.of(SAMPLE), null, null, compiled.ruleSet(), null, sink), Progress.NONE);
        return records;
    }

    @Test
    void aRecordedProductionTagTurnsIsolationIntoAnApprovalNotification() throws Exception {
        Path context = Files.writeString(
                dir.resolve("context.json"),
                "{\"instances\": {\"i-0a1b2c3d4e5f67890\": {\"tags\": {\"env\": \"prod\"}}}}");
        List<AuditRecord> with = replay(Fixtures.replayer().context(RecordedContext.read(context)));
        assertThat(with).extracting(AuditRecord::action).containsExactly("notify:log");
        assertThat((String) with.get(0).params().get("message")).startsWith("approval needed");

        List<AuditRecord> without = replay(Fixtures.replayer());
        assertThat(without).extracting(AuditRecord::action).containsExactly("ec2:isolate-instance");
    }
}
