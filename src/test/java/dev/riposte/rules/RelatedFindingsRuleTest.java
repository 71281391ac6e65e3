package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.fact.Events;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The RelatedFindings example of docs/fact-model.md does what the page says, with facts as the investigator inserts them. */
class RelatedFindingsRuleTest {
    static final String INSTANCE = "i-0123456789abcdef0";

    static RuleSet example() throws Exception {
        Matcher m = Pattern.compile("```drl\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/fact-model.md")));
        while (m.find()) {
            if (m.group(1).contains("RelatedFindings(")) {
                CompileResult r = TestRules.compile(
                        List.of(new RuleFile("examples/related.drl", m.group(1))), Duration.ofHours(1));
                assertThat(r.problems()).isEmpty();
                return r.ruleSet();
            }
        }
        throw new AssertionError("docs/fact-model.md has no RelatedFindings example");
    }

    static RelatedFindings related(SecurityEvent e, double... severities) {
        List<RelatedFindings.Finding> found = new ArrayList<>();
        found.add(new RelatedFindings.Finding(
                "guardduty", e.id(), e.type(), e.severityScore(), "the event itself", Instant.EPOCH));
        for (int i = 0; i < severities.length; i++) {
            found.add(new RelatedFindings.Finding(
                    "securityhub", "other-" + i, "EC2.8", severities[i], "other", Instant.EPOCH));
        }
        found.sort((a, b) -> Double.compare(b.severity(), a.severity()));
        return new RelatedFindings(e.id(), "instance/" + INSTANCE, found, true);
    }

    @Test
    void aMediumFindingAboutARepeatOffenderIsEscalated() throws Exception {
        try (RuleSession session = example().newSession(true)) {
            SecurityEvent e = Events.finding("Recon:EC2/PortProbeUnprotectedPort", 5, Events.instance(INSTANCE));
            Evaluation ev = session.evaluate(e, List.of(related(e, 8.0, 2.0)));
            assertThat(ev.rulesFired()).containsExactly("Example: escalate a medium finding about a repeat offender");
            ActionCommand c = (ActionCommand) ev.firings().get(0).command();
            assertThat(c.params())
                    .containsEntry("level", "error")
                    .containsEntry(
                            "message",
                            "instance/" + INSTANCE
                                    + " has 1 other severe findings; now Recon:EC2/PortProbeUnprotectedPort");
        }
    }

    @Test
    void theEventsOwnFindingAndLowOnesDoNotCount() throws Exception {
        try (RuleSession session = example().newSession(true)) {
            SecurityEvent e = Events.finding("Recon:EC2/PortProbeUnprotectedPort", 5, Events.instance(INSTANCE));
            assertThat(session.evaluate(e, List.of(related(e, 3.0))).rulesFired())
                    .isEmpty();
            SecurityEvent high = Events.finding("Backdoor:EC2/C&CActivity.B", 8, Events.instance(INSTANCE));
            // its own severity 8 is not "another severe finding", and a high event is not the example's business anyway
            assertThat(session.evaluate(high, List.of(related(high))).rulesFired())
                    .isEmpty();
        }
    }
}
