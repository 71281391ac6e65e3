package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.Concurrently;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardRails;
import dev.riposte.guard.GuardSettings;
import dev.riposte.state.Cooldowns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cooldown shared by two replicas (each its own client, guard rails and dispatcher) on one DynamoDB table, through
 * the real dispatcher: the same command for the same cause passes on one replica only, however the two race; one that
 * fails gives the cooldown back.
 */
class SharedCooldownsTest {
    private static final String ACCOUNT = "111122223333";
    private static final Duration COOLDOWN = Duration.ofMinutes(15);

    @RegisterExtension
    static final MotoState moto = new MotoState();

    /** A GuardDuty finding, by its ARN (as EventBridge delivers it) or its bare id (as Security Hub's copy names it). */
    private static SecurityEvent finding(String findingId, boolean arn, Instant at) {
        String id = arn ? "arn:aws:guardduty:us-east-1:" + ACCOUNT + ":detector/d1/finding/" + findingId : findingId;
        return Events.guardDuty("Test")
                .id(id)
                .at(at)
                .account(ACCOUNT)
                .severity(8.0)
                .build();
    }

    private static Dispatcher replica(String table, ReplicasShareStateTest.Isolate action) {
        DynamoStateBackend state = moto.backend(table);
        GuardSettings g = GuardSettings.defaults(Path.of("unused"))
                .withBreaker(1000, 1000, Duration.ofMinutes(10))
                .withCooldown(COOLDOWN);
        GuardRails rails = new GuardRails(
                g,
                null,
                new Breaker(g, state.breaker(), List.of(), Clock.systemUTC()),
                state.cooldowns(),
                Clock.systemUTC());
        return new Dispatcher(new ActionCatalogue(List.of(action)), new DispatchSettings(false, false), List.of(rails));
    }

    @Test
    void twoReplicasNeverBothPassOneCooldown() throws Exception {
        String table = moto.createTable();
        ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();
        Dispatcher a = replica(table, action);
        Dispatcher b = replica(table, action);
        Instant t = Instant.now();
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String finding = "f" + i;
            String target = "i-" + i;
            // one finding, two events (EventBridge and Security Hub): no idempotency key in common, one cause
            work.add(
                    () -> a.dispatch(ActionCommand.of("ec2:isolate-instance", target), finding(finding, true, t), false)
                            .outcome()
                            .value());
            work.add(() -> b.dispatch(
                            ActionCommand.of("ec2:isolate-instance", target), finding(finding, false, t), false)
                    .outcome()
                    .value());
        }
        List<String> outcomes = Concurrently.run(8, work);
        assertThat(action.executed).hasSize(15).doesNotHaveDuplicates();
        assertThat(outcomes).filteredOn("succeeded"::equals).hasSize(15);
        assertThat(outcomes).filteredOn("cooldown"::equals).hasSize(15);
    }

    @Test
    void aCommandThatFailedGivesItsCooldownBackToTheOtherReplica() {
        String table = moto.createTable();
        ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();
        Dispatcher a = replica(table, action);
        Dispatcher b = replica(table, action);
        Instant t = Instant.now();
        action.failing.add("i-9");
        DispatchResult first =
                a.dispatch(ActionCommand.of("ec2:isolate-instance", "i-9"), finding("f9", true, t), false);
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        DispatchResult retried =
                b.dispatch(ActionCommand.of("ec2:isolate-instance", "i-9"), finding("f9", false, t), false);
        assertThat(retried.outcome()).isEqualTo(Outcome.SUCCEEDED);
        DispatchResult again = a.dispatch(
                ActionCommand.of("ec2:isolate-instance", "i-9"), finding("f9", true, t.plusSeconds(60)), false);
        assertThat(again.outcome()).isEqualTo(Outcome.COOLDOWN);
        assertThat(again.error()).contains("for the same GuardDuty finding f9 was carried out at ");
        assertThat(action.executed).containsExactly("i-9");
    }

    @Test
    void aClaimHoldsWithinThePeriodBothWaysAndAReleaseRestoresTheTimeBefore() {
        String table = moto.createTable();
        Cooldowns a = moto.backend(table).cooldowns();
        Cooldowns b = moto.backend(table).cooldowns();
        Instant t = Instant.ofEpochMilli(Instant.now().toEpochMilli());
        assertThat(a.claim("k", t, COOLDOWN)).isEmpty();
        assertThat(b.claim("k", t.plusSeconds(60), COOLDOWN)).contains(t);
        assertThat(b.claim("k", t.minusSeconds(60), COOLDOWN))
                .as("an earlier event within the period")
                .contains(t);
        a.release("k", t); // its command did not run
        assertThat(b.last("k")).as("no time before the first claim").isEmpty();
        Instant t2 = t.plusSeconds(60);
        assertThat(b.claim("k", t2, COOLDOWN)).isEmpty();
        Instant later = t2.plus(Duration.ofMinutes(20));
        assertThat(a.claim("k", later, COOLDOWN)).as("past the period").isEmpty();
        b.release("k", t2); // not the current claim: nothing changes
        assertThat(b.last("k")).contains(later);
        a.release("k", later);
        assertThat(b.last("k")).as("the time before the released claim").contains(t2);
    }
}
