package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.audit.JsonlAuditSink;
import dev.riposte.dispatch.Throttle;
import dev.riposte.guard.GuardSettings;
import dev.riposte.playbook.PlaybookFile;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.run.CatalogueActionRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay's simulation of live: the breaker, rate limits and approvals decided on event time, in memory. */
class LiveSimulationTest {
    @TempDir
    Path dir;

    /** Severity-8 GuardDuty findings, one per instance, at the given minutes after T0. */
    private Path findings(int... minutes) {
        StringBuilder b = new StringBuilder();
        for (int m : minutes) {
            b.append(SyntheticEvents.guardDuty(
                            "gd-" + m,
                            Fixtures.t(m),
                            Fixtures.ACCOUNT,
                            "us-east-1",
                            "UnauthorizedAccess:EC2/TorClient",
                            8.0,
                            String.format("i-%017d", m)))
                    .append('\n');
        }
        return Fixtures.write(dir.resolve("findings-" + minutes.length + ".jsonl"), b.toString());
    }

    private static GuardSettings breaker(Path state, int limit) {
        return GuardSettings.defaults(state).withBreaker(limit, limit, Duration.ofMinutes(10));
    }

    private ReplayReport replay(Replayer replayer, Path events, String rules, AuditSink audit) {
        return replayer.run(
                new Replayer.Input(List.of(events), null, null, Fixtures.rules(rules), null, audit), Progress.NONE);
    }

    private static final class Records implements AuditSink {
        final List<AuditRecord> all = new ArrayList<>();

        @Override
        public void write(AuditRecord r) {
            all.add(r);
        }

        @Override
        public void close() {}
    }

    @Test
    void theBreakerOpensOnEventTimeAndParksWhatFollowsWithoutTouchingTheStateFolder() throws Exception {
        Path state = dir.resolve("riposte-state");
        Records audit = new Records();
        ReplayReport r = replay(
                Fixtures.replayer().simulating(breaker(state, 2), null), findings(0, 1, 2, 3, 4), "rules", audit);

        // what the rules asked stays planned
        assertThat(r.outcomes()).containsEntry("planned", 5L);
        ReplayReport.Simulation s = r.simulation();
        assertThat(s.executed()).isEqualTo(2);
        assertThat(s.parked()).isEqualTo(3);
        assertThat(s.breakerOpenedAt()).isEqualTo(Fixtures.t(2).toString());
        assertThat(s.breakerReason()).isEqualTo("2 live mutating actions within 10 min (riposte.breaker.limit 2)");
        assertThat(audit.all)
                .extracting(a -> a.simulated().get("outcome"))
                .containsExactly("executed", "executed", "breaker-open", "breaker-open", "breaker-open");
        assertThat(audit.all.get(2).simulated()).containsEntry("at", "2024-05-01T12:02:00Z");
        assertThat((String) audit.all.get(2).simulated().get("reason"))
                .startsWith("breaker open: 2 live mutating actions within 10 min")
                .endsWith("; parked in the replay's simulation (in memory) until an operator resets it");
        assertThat(r.rules().stream()
                        .filter(x -> x.rule().equals(ReplayerTest.ISOLATE))
                        .findFirst()
                        .orElseThrow()
                        .live())
                .containsEntry("executed", 2L)
                .containsEntry("breaker-open", 3L);
        assertThat(state).doesNotExist();
        assertThat(r.simulation().sentences().get(0))
                .isEqualTo("Breaker (riposte.breaker.limit 2 per 10 min): would have OPENED at "
                        + "2024-05-01T12:02:00Z (2 live mutating actions within 10 min "
                        + "(riposte.breaker.limit 2)) and parked 3 commands until an operator reset it.");
    }

    @Test
    void theBreakerWindowIsEventTimeNotTheWallClockOfTheReplay() {
        // three findings 20 minutes apart: live never has more than one in a 10 minute window; on the wall clock of the
        // replay all three would fall within milliseconds and open it
        ReplayReport r = replay(
                Fixtures.replayer().simulating(breaker(dir.resolve("s"), 1), null),
                findings(0, 20, 40),
                "rules",
                new Records());
        assertThat(r.simulation().parked()).isZero();
        assertThat(r.simulation().breakerOpenedAt()).isNull();
        assertThat(r.simulation().executed()).isEqualTo(3);
        assertThat(r.simulation().sentences().get(0)).endsWith("would not have opened.");
    }

    @Test
    void aCommandTheRateLimitsDeferIsCarriedOutLaterOnEventTimeNeverDropped() {
        // one token a minute on event time: findings at minutes 0, 0, 0 and 5 get their tokens at 0, 1, 2 and 5
        long[] nextFree = {Long.MIN_VALUE};
        Function<LongSupplier, Throttle> oneAMinute = now -> (action, account, region, calls) -> {
            long t = now.getAsLong();
            long at = Math.max(t, nextFree[0]);
            nextFree[0] = at + Duration.ofMinutes(1).toNanos();
            return new Throttle.Permit(true, (at - t) / 1_000_000, null);
        };
        Path events = Fixtures.write(
                dir.resolve("burst.jsonl"),
                Stream.of("a", "b", "c")
                                .map(x -> SyntheticEvents.guardDuty(
                                        "gd-" + x,
                                        Fixtures.t(0),
                                        Fixtures.ACCOUNT,
                                        "us-east-1",
                                        "UnauthorizedAccess:EC2/TorClient",
                                        8.0,
                                        "i-0000000000000000" + x))
                                .reduce("", (a, b) -> a + b + "\n")
                        + SyntheticEvents.guardDuty(
                                "gd-d",
                                Fixtures.t(5),
                                Fixtures.ACCOUNT,
                                "us-east-1",
                                "UnauthorizedAccess:EC2/TorClient",
                                8.0,
                                "i-0000000000000000d")
                        + "\n");
        Records audit = new Records();
        ReplayReport r = replay(
                Fixtures.replayer().simulating(breaker(dir.resolve("s"), 100), oneAMinute, Duration.ofSeconds(5)),
                events,
                "rules",
                audit);

        assertThat(audit.all)
                .extracting(a -> a.simulated().get("outcome"))
                .containsExactly("executed", "rate-limited", "rate-limited", "executed");
        assertThat(audit.all)
                .extracting(a -> a.simulated().get("at"))
                .containsExactly(
                        "2024-05-01T12:00:00Z", "2024-05-01T12:01:00Z", "2024-05-01T12:02:00Z", "2024-05-01T12:05:00Z");
        assertThat((String) audit.all.get(2).simulated().get("reason"))
                .isEqualTo("the rate limits would have deferred it 2 min"
                        + " (longer than riposte.rate-limit.max-wait 5 s): carried out at 2024-05-01T12:02:00Z");
        assertThat(r.simulation().deferred()).isEqualTo(2);
        assertThat(r.simulation().executed()).isEqualTo(2);
        assertThat(r.simulation().longestDeferralMs()).isEqualTo(120_000);
        assertThat(r.outcomes()).containsEntry("planned", 4L);
    }

    @Test
    void approvalsWaitAndExpireOnEventTime() throws Exception {
        PlaybookSet playbooks = PlaybookSet.load(
                List.of(new PlaybookFile("contain.yaml", """
                id: contain
                description: isolate after a person agrees, then tell
                steps:
                  - action: ec2:isolate-instance
                    approval: required
                    on-failure: continue
                  - action: notify:log
                    params: {message: "contained ${event.id}"}
                """)), new CatalogueActionRules(Fixtures.catalogue()));
        assertThat(playbooks.problems()).isEmpty();
        // a finding at minute 0 waits; the one at minute 90 comes after the first expired (1 h), and waits itself
        Path audit = dir.resolve("audit.jsonl");
        ReplayReport r = replay(
                Fixtures.replayer()
                        .playbooks(() -> playbooks)
                        .simulating(
                                GuardSettings.defaults(dir.resolve("s")).withApprovalExpiry(Duration.ofHours(1)), null),
                findings(0, 90),
                "rules-playbook",
                new JsonlAuditSink(audit, new ObjectMapper()));

        ReplayReport.Simulation s = r.simulation();
        assertThat(s.approvals()).isEqualTo(2);
        assertThat(s.approvalsExpired()).isEqualTo(1);
        assertThat(s.approvalsWaiting()).isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = Files.readAllLines(audit).stream()
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        // waiting until event time + 1 h, not the wall clock + 1 h
        assertThat(records.get(0).path("error").asText()).endsWith(" until 2024-05-01T13:00:00Z");
        assertThat(records.get(0).has("simulated"))
                .as("a step waiting for approval is not a planned command")
                .isFalse();
        // the expiry, seen when event time reached minute 90, skips the step and the run goes on to its notification
        assertThat(records)
                .anySatisfy(x -> assertThat(x.path("error").asText()).contains("expired at 2024-05-01T13:00:00Z"));
        assertThat(records).anySatisfy(x -> {
            assertThat(x.path("action").asText()).isEqualTo("notify:log");
            assertThat(x.path("simulated").path("outcome").asText()).isEqualTo("executed");
            assertThat(x.path("simulated").path("at").asText()).isEqualTo("2024-05-01T13:30:00Z");
        });
        assertThat(s.sentences())
                .contains("Approvals: 2 playbook steps would have waited for an operator (expiry 1 h of event time):"
                        + " 1 expired, 1 still waiting when the events ended.");
    }

    @Test
    void recordsOfNothingPlannedCarryNoSimulatedField() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        replay(
                Fixtures.replayer(),
                Fixtures.write(dir.resolve("one.jsonl"), Fixtures.record("ct-1", 0, "DescribeInstances") + "\n"),
                "rules",
                new JsonlAuditSink(audit, new ObjectMapper()));
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(audit).get(0));
        assertThat(line.path("outcome").asText()).isEqualTo("no-match");
        assertThat(line.has("simulated")).isFalse();
    }
}
