package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.dynamodb.MotoState;
import dev.riposte.state.file.FileStateBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas' ownership of the rules on one moto table: one owner, takeover after a death, a paused owner fenced. */
class RulesOwnershipTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    static final Duration PERIOD = Duration.ofSeconds(3);

    /** Until {@code c} holds, at most {@code max}. */
    static void waitFor(BooleanSupplier c, Duration max) throws InterruptedException {
        Instant end = Instant.now().plus(max);
        while (!c.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + max);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aStandbyTakesOverAfterTheOwnerDiesAndAPausedOwnerCannotActWhenItResumes() throws Exception {
        String table = moto.createTable();
        DynamoStateBackend sa = moto.backend(table);
        DynamoStateBackend sb = moto.backend(table);
        AtomicInteger aLost = new AtomicInteger();
        RulesOwnership a =
                RulesOwnership.on(sa, PERIOD, "a", aLost::incrementAndGet).start();
        waitFor(a::owner, Duration.ofSeconds(5));
        RulesOwnership b = RulesOwnership.on(sb, PERIOD, "b", () -> {}).start();
        Thread.sleep(PERIOD.toMillis() + 500);
        assertThat(b.owner()).as("a standby while the owner heartbeats").isFalse();
        assertThat(b.currentOwner()).contains("a");

        a.halt(); // kill -STOP (or -9): no more heartbeats
        Instant paused = Instant.now();
        waitFor(() -> !a.owner(), PERIOD);
        Instant stoppedActing = Instant.now();
        waitFor(b::owner, PERIOD.multipliedBy(3));
        Instant tookOver = Instant.now();
        System.out.printf(
                "takeover: owner stopped acting after %d ms, standby owned the rules after %d ms (lease period %s)%n",
                Duration.between(paused, stoppedActing).toMillis(),
                Duration.between(paused, tookOver).toMillis(),
                PERIOD);
        assertThat(stoppedActing)
                .as("the old owner stops before the new one starts")
                .isBefore(tookOver);
        assertThat(Duration.between(paused, tookOver)).isLessThan(PERIOD.multipliedBy(2));

        a.beatNow(); // kill -CONT: its renewal is refused
        assertThat(aLost.get()).isEqualTo(1);
        assertThat(a.owner()).isFalse();
        assertThatThrownBy(() ->
                        sa.idempotency().claim("k", Instant.now(), Duration.ofMinutes(1), Duration.ofDays(1), false))
                .hasMessageContaining("no longer owns the rules");
        assertThat(b.currentOwner()).contains("b");
        b.close();
        a.close();
    }

    @Test
    void aPausedOwnerIsFencedEvenBeforeItNoticesItLostTheLease() throws Exception {
        String table = moto.createTable();
        DynamoStateBackend sa = moto.backend(table);
        DynamoStateBackend sb = moto.backend(table);
        RulesOwnership a = RulesOwnership.on(sa, PERIOD, "a", () -> {}).start();
        waitFor(a::owner, Duration.ofSeconds(5));
        assertThat(a.confirmed()).isTrue();
        // a command a claimed and is carrying out when it is paused
        assertThat(sa.idempotency()
                        .claim("e0|x|y", Instant.now(), Duration.ofMinutes(1), Duration.ofDays(1), false)
                        .won())
                .isTrue();
        a.halt();
        RulesOwnership b = RulesOwnership.on(sb, PERIOD, "b", () -> {}).start();
        waitFor(b::owner, PERIOD.multipliedBy(3));
        // a resumes and tries to act before its next heartbeat: the fenced claim is refused
        assertThatThrownBy(() -> sa.idempotency()
                        .claim("e1|x|y", Instant.now(), Duration.ofMinutes(1), Duration.ofDays(1), false))
                .hasMessageContaining("no longer owns the rules");
        assertThat(sb.idempotency()
                        .claim("e1|x|y", Instant.now(), Duration.ofMinutes(1), Duration.ofDays(1), false)
                        .won())
                .isTrue();
        // nor may it call AWS or record a decision (the AWS clients and the pipeline ask), though its heartbeat has not
        // run
        assertThat(a.confirmed()).isFalse();
        assertThat(b.confirmed()).isTrue();
        // and its failed command is not freed to run again: the record stays for the new owner to find interrupted
        assertThatThrownBy(() -> sa.idempotency().release("e0|x|y")).hasMessageContaining("no longer owns the rules");
        assertThat(sb.idempotency().get("e0|x|y", Instant.now()))
                .hasValueSatisfying(e -> assertThat(e.status().name()).isEqualTo("INPROGRESS"));
        b.close();
        a.close();
    }

    @Test
    void withFilesThisProcessAlwaysOwnsTheRules(@TempDir Path dir) {
        RulesOwnership alone = RulesOwnership.of(new FileStateBackend(dir), Duration.ofSeconds(10), () -> {})
                .start();
        assertThat(alone.owner()).isTrue();
        assertThat(alone.currentOwner()).contains(alone.replica());
        assertThatThrownBy(() -> RulesOwnership.of(new FileStateBackend(dir), Duration.ofSeconds(1), () -> {}))
                .hasMessageContaining("riposte.state.lease-period");
    }
}
