package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.dynamodb.MotoState;
import dev.riposte.state.file.FileStateBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The term the rate limits hold the fleet's budget by: the lease's version on the owner, -1 on a standby, 0 alone. */
class RulesTermTest {
    static final Duration PERIOD = Duration.ofSeconds(3);

    @RegisterExtension
    static final MotoState moto = new MotoState();

    @TempDir
    Path dir;

    @Test
    void theOwnersTermIsItsLeaseVersionAStandbysIsMinusOneAndATakeoverIsANewTerm() throws Exception {
        String table = moto.createTable();
        RulesOwnership a =
                RulesOwnership.on(moto.backend(table), PERIOD, "a", () -> {}).start();
        RulesOwnershipTest.waitFor(a::owner, Duration.ofSeconds(5));
        RulesOwnership b =
                RulesOwnership.on(moto.backend(table), PERIOD, "b", () -> {}).start();
        assertThat(a.term()).isEqualTo(1);
        assertThat(b.term()).isEqualTo(-1);
        a.halt();
        RulesOwnershipTest.waitFor(b::owner, PERIOD.multipliedBy(3));
        assertThat(b.term()).isEqualTo(2);
        assertThat(a.term()).as("lapsed").isEqualTo(-1);
        b.close();
    }

    @Test
    void oneProcessOrACommandThatDoesNotServeHasTermZero() {
        assertThat(RulesOwnership.of(new FileStateBackend(dir), PERIOD, () -> {})
                        .term())
                .isZero();
        RulesOwnership notServing = RulesOwnership.of(moto.backend(moto.createTable()), PERIOD, () -> {});
        assertThat(notServing.term())
                .as("never started: takes no part in the election")
                .isZero();
    }
}
