package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.Concurrently;
import dev.riposte.state.ApprovalStore;
import dev.riposte.state.ApprovalStore.Approval;
import dev.riposte.state.ApprovalStore.Status;
import dev.riposte.state.RulesLease.Holding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Approvals in one DynamoDB table (moto) shared by two replicas, each with its own client: every transition happens once. */
class DynamoApprovalsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration HOLD = Duration.ofMinutes(5);

    @RegisterExtension
    static final MotoState moto = new MotoState();

    private final String table = moto.createTable();
    private final DynamoStateBackend a = moto.backend(table);
    private final DynamoStateBackend b = moto.backend(table);

    @Test
    void aStepAddedOnOneReplicaIsListedAndDecidedOnTheOtherAndClaimedOnce() {
        a.approvals().add("ap1", T0, T0.plus(Duration.ofHours(1)), "{\"step\":1}");

        assertThat(b.approvals().pending(T0.plusSeconds(1))).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("ap1");
            assertThat(x.status()).isEqualTo(Status.PENDING);
            assertThat(x.payload()).isEqualTo("{\"step\":1}");
        });
        ApprovalStore.Decision d = b.approvals().decide("ap1", Status.APPROVED, "api:bob", T0.plusSeconds(5));
        assertThat(d.recorded()).isTrue();
        assertThat(d.current())
                .hasValueSatisfying(x -> assertThat(x.decidedBy()).isEqualTo("api:bob"));
        assertThat(a.approvals().pending(T0.plusSeconds(6))).isEmpty();
        assertThat(a.approvals().decided(T0.plusSeconds(6)))
                .extracting(Approval::id, Approval::status)
                .containsExactly(Tuple.tuple("ap1", Status.APPROVED));

        assertThat(a.approvals().claim("ap1", T0.plusSeconds(7), HOLD)).isTrue();
        assertThat(b.approvals().claim("ap1", T0.plusSeconds(7), HOLD)).isFalse();
        assertThat(a.approvals().claim("ap1", T0.plusSeconds(8), HOLD)).isFalse();
        assertThat(b.approvals().decided(T0.plusSeconds(8)))
                .as("claimed: being carried out")
                .isEmpty();
        a.approvals().done("ap1", T0.plusSeconds(9));
        assertThat(b.approvals().claim("ap1", T0.plus(Duration.ofMinutes(10)), HOLD))
                .as("done: never again")
                .isFalse();
        assertThat(b.approvals().decided(T0.plus(Duration.ofMinutes(10)))).isEmpty();
        assertThat(b.approvals().get("ap1"))
                .hasValueSatisfying(x -> assertThat(x.done()).isTrue());

        try (DynamoDbClient db = moto.client()) {
            Map<String, AttributeValue> item = db.getItem(
                            g -> g.tableName(table).key(DynamoStateBackend.key("approval#ap1")))
                    .item();
            assertThat(Long.parseLong(item.get("expiry").n()))
                    .as("TTL: a week after the step's own expiry")
                    .isEqualTo(T0.plus(Duration.ofHours(1))
                            .plus(Duration.ofDays(7))
                            .getEpochSecond());
            Map<String, AttributeValue> index = db.getItem(
                            g -> g.tableName(table).key(DynamoStateBackend.key("approvals")))
                    .item();
            assertThat(index.keySet())
                    .as("nothing left pending or to carry out")
                    .containsExactly("id");
        }
    }

    @Test
    void approveAndRejectRacingOnTwoReplicasDecideEachStepOnce() throws Exception {
        int steps = 12;
        for (int i = 0; i < steps; i++) {
            a.approvals().add("race" + i, T0, T0.plus(Duration.ofHours(1)), "{}");
        }
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            String id = "race" + i;
            work.add(() -> a.approvals()
                    .decide(id, Status.APPROVED, "alice", T0.plusSeconds(10))
                    .recorded());
            work.add(() -> b.approvals()
                    .decide(id, Status.REJECTED, "carol", T0.plusSeconds(10))
                    .recorded());
        }
        List<Boolean> recorded = Concurrently.run(8, work);

        for (int i = 0; i < steps; i++) {
            boolean approved = recorded.get(2 * i);
            assertThat(approved).as("race%d: exactly one decision counts", i).isNotEqualTo(recorded.get(2 * i + 1));
            Approval x = b.approvals().get("race" + i).orElseThrow();
            assertThat(x.status()).isEqualTo(approved ? Status.APPROVED : Status.REJECTED);
            assertThat(x.decidedBy()).isEqualTo(approved ? "alice" : "carol");
        }
        assertThat(a.approvals().decided(T0.plusSeconds(10))).hasSize(steps);
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            String id = "race" + i;
            claims.add(() -> a.approvals().claim(id, T0.plusSeconds(11), HOLD));
            claims.add(() -> b.approvals().claim(id, T0.plusSeconds(11), HOLD));
        }
        assertThat(Concurrently.run(8, claims).stream()
                        .filter(Boolean::booleanValue)
                        .count())
                .as("each step carried out once")
                .isEqualTo(steps);
    }

    @Test
    void aStepIsExpiredOnceAndCanNoLongerBeDecided() throws Exception {
        for (int i = 0; i < 5; i++) {
            a.approvals().add("old" + i, T0, T0.plus(Duration.ofMinutes(30)), "{}");
        }
        a.approvals().add("young", T0, T0.plus(Duration.ofHours(2)), "{}");
        Instant later = T0.plus(Duration.ofHours(1));

        ApprovalStore.Decision late = b.approvals().decide("old0", Status.APPROVED, "bob", later);
        assertThat(late.recorded())
                .as("past its expiry, even before anyone marked it expired")
                .isFalse();
        assertThat(late.current())
                .hasValueSatisfying(x -> assertThat(x.expires()).isBefore(later));

        Concurrently.run(
                8,
                List.of(
                        () -> {
                            a.approvals().expire(later);
                            return true;
                        },
                        () -> {
                            b.approvals().expire(later);
                            return true;
                        }));

        assertThat(a.approvals().decided(later))
                .extracting(Approval::status)
                .containsOnly(Status.EXPIRED)
                .hasSize(5);
        assertThat(b.approvals().pending(later)).extracting(Approval::id).containsExactly("young");
        assertThat(b.approvals()
                        .decide("old1", Status.REJECTED, "carol", later.plusSeconds(1))
                        .current())
                .hasValueSatisfying(x -> assertThat(x.status()).isEqualTo(Status.EXPIRED));
        assertThat(b.approvals().decide("nope", Status.APPROVED, "bob", later))
                .isEqualTo(new ApprovalStore.Decision(false, Optional.empty()));

        // rejected, then approved: the second decision fails and says what the first was
        assertThat(a.approvals()
                        .decide("young", Status.REJECTED, "carol", later)
                        .recorded())
                .isTrue();
        ApprovalStore.Decision again = b.approvals().decide("young", Status.APPROVED, "bob", later.plusSeconds(1));
        assertThat(again.recorded()).isFalse();
        assertThat(again.current()).hasValueSatisfying(x -> {
            assertThat(x.status()).isEqualTo(Status.REJECTED);
            assertThat(x.decidedBy()).isEqualTo("carol");
        });
    }

    @Test
    void aReplacedOwnerCannotClaimADecidedStep() {
        Holding first =
                a.lease().acquire("replica-a", T0, Duration.ofSeconds(10)).orElseThrow();
        a.fenceWith(first);
        a.approvals().add("ap", T0, T0.plus(Duration.ofHours(1)), "{}");
        assertThat(a.approvals()
                        .decide("ap", Status.APPROVED, "bob", T0.plusSeconds(1))
                        .recorded())
                .isTrue();
        // replica a is paused past its lease; b takes the rules over
        Holding second = b.lease()
                .acquire("replica-b", T0.plusSeconds(30), Duration.ofSeconds(10))
                .orElseThrow();
        b.fenceWith(second);

        assertThatThrownBy(() -> a.approvals().claim("ap", T0.plusSeconds(31), HOLD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer owns the rules");
        assertThat(b.approvals().decided(T0.plusSeconds(32)))
                .extracting(Approval::id)
                .containsExactly("ap");
        assertThat(b.approvals().claim("ap", T0.plusSeconds(32), HOLD)).isTrue();
    }

    @Test
    void aClaimWhoseHolderDiedIsTakenAgainAfterItsHold() {
        a.approvals().add("ap", T0, T0.plus(Duration.ofHours(1)), "{}");
        a.approvals().decide("ap", Status.APPROVED, "bob", T0.plusSeconds(1));
        assertThat(a.approvals().claim("ap", T0.plusSeconds(2), HOLD)).isTrue();
        // replica a dies before it is done
        assertThat(b.approvals().decided(T0.plusSeconds(60))).isEmpty();
        assertThat(b.approvals().claim("ap", T0.plusSeconds(60), HOLD)).isFalse();
        Instant afterHold = T0.plusSeconds(2).plus(HOLD);
        assertThat(b.approvals().decided(afterHold)).extracting(Approval::id).containsExactly("ap");
        assertThat(b.approvals().claim("ap", afterHold, HOLD)).isTrue();
        b.approvals().done("ap", afterHold.plusSeconds(1));
        assertThat(a.approvals().decided(afterHold.plus(HOLD).plus(HOLD))).isEmpty();
    }
}
