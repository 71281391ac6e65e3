package dev.riposte.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.Throttle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rate limits of a fleet: the replica that owns the rules holds the whole budget, a standby none, and a new owner
 * starts with empty buckets, so that across a takeover the two together spend no more than one process would.
 */
class FleetBudgetTest {
    private static final String ACCOUNT = "111122223333";
    private static final List<AwsRequest> CALL = List.of(new AwsRequest("ec2", "ModifyInstanceAttribute", Map.of()));
    private final FakeTicker ticker = new FakeTicker();

    private RateLimiter replica(AtomicLong term) {
        return new RateLimiter(
                RateLimitSettings.parse(true, "0s", "off", "", "ec2:*=1/1s burst=5"), ticker, null, term::get);
    }

    private static int spend(RateLimiter l, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (l.acquire("ec2:isolate-instance", ACCOUNT, "us-east-1", CALL).granted()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void aStandbySpendsNothingAndANewOwnerStartsEmptySoTheFleetKeepsOneBudget() {
        AtomicLong termA = new AtomicLong(1); // the first owner of the table
        AtomicLong termB = new AtomicLong(RateLimiter.NOT_OWNER);
        RateLimiter a = replica(termA);
        RateLimiter b = replica(termB);

        assertThat(spend(a, 10)).as("the owner: its burst").isEqualTo(5);
        Throttle.Permit refused = b.acquire("ec2:isolate-instance", ACCOUNT, "us-east-1", CALL);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.reason())
                .startsWith("this replica does not own the rules: it spends none of the fleet's rate-limit budget");

        // the owner dies having spent its burst; the standby takes over at once (lease version 2)
        termA.set(RateLimiter.NOT_OWNER);
        termB.set(2);
        assertThat(spend(b, 10)).as("nothing left of the fleet's burst").isZero();
        int total = 0;
        for (int s = 0; s < 3; s++) {
            ticker.advance(1, TimeUnit.SECONDS);
            total += spend(b, 10);
        }
        assertThat(total)
                .as("the rate, 1 a second: 5 + 3 in 3 s for both together, as for one process")
                .isEqualTo(3);
        assertThat(spend(a, 10)).as("the old owner, should it come back").isZero();
    }

    @Test
    void oneProcessAloneOrTheFirstOwnerStartsWithItsBurst() {
        assertThat(spend(replica(new AtomicLong(0)), 10)).isEqualTo(5);
        assertThat(spend(replica(new AtomicLong(1)), 10)).isEqualTo(5);
        assertThat(spend(replica(new AtomicLong(7)), 10))
                .as("a replica that takes over from an earlier owner")
                .isZero();
    }
}
