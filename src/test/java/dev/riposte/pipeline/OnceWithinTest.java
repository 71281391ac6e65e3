package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.Principal;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 5: a burst of events in one second must not make a threshold rule act once per event. With
 * {@code .onceWithin(key, period)} the rule acts once per key per period, by the event's own time; the firings held
 * back are audited {@code skipped} with their reason.
 */
class OnceWithinTest {
    private static final String ACCOUNT = "111122223333";
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    static String rule(String once) {
        return """
                package rules.custom

                import dev.riposte.fact.SecurityEvent
                import dev.riposte.command.ActionCommand
                import java.time.Duration

                rule "root sign-in failures"
                when
                    $e : SecurityEvent(type == "ConsoleLogin", outcome == "failure", principal!.type == "Root")
                    $n : Number(intValue >= 5) from accumulate(
                        $f : SecurityEvent(type == "ConsoleLogin", outcome == "failure", principal!.type == "Root",
                                           account == $e.account, this before[0s, 10m] $e),
                        count($f))
                then
                    insert(ActionCommand.of("test:record-mdc", $e.account())%s);
                end
                """.formatted(once);
    }

    static final String SPRAY = """
            package rules.custom

            import dev.riposte.fact.SecurityEvent
            import dev.riposte.command.ActionCommand
            import java.time.Duration
            import java.util.Set

            rule "password spraying"
            when
                $e : SecurityEvent(type == "ConsoleLogin", outcome == "failure", $ip : principal!.sourceIp != null)
                $users : Set(size >= 3) from accumulate(
                    $f : SecurityEvent(type == "ConsoleLogin", outcome == "failure", principal!.sourceIp == $ip,
                                       this before[0s, 10m] $e),
                    collectSet($f.principal().name()))
            then
                insert(ActionCommand.of("test:record-mdc", $ip)
                        .onceWithin("spray:" + $ip, Duration.ofMinutes(30)));
            end
            """;

    final PipelineListenerTest.MdcProbe probe = new PipelineListenerTest.MdcProbe();

    Pipeline pipeline(String drl, boolean pseudoClock) {
        CompileResult compiled =
                RuleCompiler.compile(List.of(new RuleFile("custom/once.drl", drl)), Duration.ofHours(1));
        assertThat(compiled.problems()).isEmpty();
        Dispatcher dispatcher =
                new Dispatcher(new ActionCatalogue(List.of(probe)), DispatchSettings.defaults(), List.of());
        return new Pipeline(new Normalizer(), compiled.ruleSet(), dispatcher, new NullAuditSink(), pseudoClock, true);
    }

    static Normalized failure(String id, String type, String user, String ip, Instant time) {
        Principal p = new Principal("arn:aws:iam::" + ACCOUNT + ":" + user, type, user, null, ip, ACCOUNT);
        return new Normalized(
                Events.cloudTrail("ConsoleLogin")
                        .id(id)
                        .at(time)
                        .account(ACCOUNT)
                        .principal(p)
                        .outcome("failure")
                        .build(),
                List.of());
    }

    static List<AuditRecord> burst(Pipeline p, int n, Instant at, String prefix) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(p.evaluate(failure(prefix + i, "Root", "root", "198.51.100.7", at), "burst:" + i)
                    .records());
        }
        return out;
    }

    static List<AuditRecord> acted(List<AuditRecord> records) {
        return records.stream().filter(r -> r.outcome() == Outcome.PLANNED).toList();
    }

    @Test
    void withoutOnceWithinTenFailuresInOneSecondActTenTimes() {
        // the issue as reported: once five failures are in, each of the ten (same second, so each "before" the others)
        // makes its own match of the threshold rule (this is what onceWithin is for)
        try (Pipeline p = pipeline(rule(""), true)) {
            assertThat(acted(burst(p, 10, T0, "f"))).hasSize(10);
        }
    }

    @Test
    void onceWithinActsOncePerKeyPerPeriodAndAuditsTheRestAsSkipped() {
        try (Pipeline p =
                pipeline(rule(".onceWithin(\"root-failures:\" + $e.account(), Duration.ofMinutes(10))"), true)) {
            List<AuditRecord> records = burst(p, 10, T0, "f");
            assertThat(acted(records)).hasSize(1);
            String first = acted(records).get(0).eventId();
            List<AuditRecord> skipped =
                    records.stream().filter(r -> r.outcome() == Outcome.SKIPPED).toList();
            assertThat(skipped).hasSize(9);
            assertThat(skipped.get(0).error())
                    .contains(
                            "once within 10m",
                            "root-failures:" + ACCOUNT,
                            "already acted at 2024-05-01T12:00:00Z",
                            first);
            assertThat(skipped.get(0).rule()).isEqualTo("root sign-in failures");

            // still within ten minutes of the first action: held back
            assertThat(acted(burst(p, 5, T0.plusSeconds(599), "g"))).isEmpty();
            // ten minutes later by the events' time: acts again, once
            assertThat(acted(burst(p, 5, T0.plusSeconds(600), "h"))).hasSize(1);
        }
    }

    @Test
    void theWallClockSessionDecidesByTheEventsTimeToo() {
        // serve: the session runs on the wall clock, the period is still measured between the events' own times
        try (Pipeline p = pipeline(rule(".onceWithin(\"root\", Duration.ofMinutes(10))"), false)) {
            Instant now = Instant.now();
            assertThat(acted(burst(p, 10, now, "f"))).hasSize(1);
        }
    }

    @Test
    void passwordSprayingFromOneAddressActsOnceWithDistinctUsers() {
        try (Pipeline p = pipeline(SPRAY, true)) {
            List<AuditRecord> records = new ArrayList<>();
            // the same user failing many times is not spraying
            for (int i = 0; i < 6; i++) {
                records.addAll(
                        p.evaluate(failure("same" + i, "IAMUser", "alice", "203.0.113.9", T0.plusSeconds(i)), "s")
                                .records());
            }
            assertThat(acted(records)).isEmpty();
            // three distinct users from one address within ten minutes: spraying, acted on once
            int s = 60;
            for (String u : List.of("bob", "carol", "dave", "erin")) {
                records.addAll(p.evaluate(failure("spray-" + u, "IAMUser", u, "203.0.113.9", T0.plusSeconds(s++)), "s")
                        .records());
            }
            // another address is another key
            for (String u : List.of("u1", "u2", "u3")) {
                records.addAll(p.evaluate(failure("other-" + u, "IAMUser", u, "192.0.2.1", T0.plusSeconds(s++)), "s")
                        .records());
            }
            assertThat(acted(records))
                    .extracting(AuditRecord::eventId, r -> r.target())
                    .containsExactly(Tuple.tuple("spray-carol", "203.0.113.9"), Tuple.tuple("other-u3", "192.0.2.1"));
        }
    }
}
