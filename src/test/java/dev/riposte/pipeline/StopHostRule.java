package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import java.time.Duration;
import java.util.List;

/**
 * A one-rule rule set, "Host Compromised" stops the event's instance ({@code ec2:stop-instance}), and an event it fires
 * on. Public: pipeline and source tests run that event through a whole pipeline.
 */
public final class StopHostRule {
    public static final String EVENT = """
            {"version":"0","id":"evt-1","detail-type":"Host Compromised","source":"com.example.edr","account":"111122223333",
             "time":"2024-05-01T12:00:00Z","region":"us-east-1",
             "resources":["arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"],"detail":{}}
            """;
    static final String DRL = """
            package rules.test;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;

            rule "stop compromised hosts"
            when
                $e : SecurityEvent(type == "Host Compromised")
                $r : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(ActionCommand.of("ec2:stop-instance", $r.id()));
            end
            """;

    private StopHostRule() {}

    public static RuleSet compile() {
        CompileResult compiled = RuleCompiler.compile(List.of(new RuleFile("test/stop.drl", DRL)), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        return compiled.ruleSet();
    }
}
