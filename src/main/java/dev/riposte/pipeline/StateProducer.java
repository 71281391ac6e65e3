package dev.riposte.pipeline;

import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.state.StateBackend;
import dev.riposte.state.file.FileStateBackend;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The state backend {@code riposte.state.backend} names: {@code file} (default) or {@code dynamodb}. */
@Singleton
class StateProducer {
    private static final Logger LOG = Logger.getLogger(StateProducer.class);

    @Produces
    @Singleton
    StateBackend state(@ConfigProperty(name = "riposte.state.backend", defaultValue = "file") String backend,
                       @ConfigProperty(name = "riposte.state.dir", defaultValue = "riposte-state") String dir,
                       @ConfigProperty(name = "riposte.state.dynamodb.table", defaultValue = "riposte-state") String table,
                       @ConfigProperty(name = "riposte.state.dynamodb.region") Optional<String> region,
                       @ConfigProperty(name = "riposte.aws.region", defaultValue = "us-east-1") String awsRegion,
                       @ConfigProperty(name = "riposte.state.dynamodb.endpoint") Optional<URI> endpoint,
                       @ConfigProperty(name = "riposte.journal.dynamodb.table") Optional<String> journalTable) {
        StateBackend s = switch (backend.strip().toLowerCase()) {
            case "file" -> new FileStateBackend(Path.of(dir));
            case "dynamodb" -> new DynamoStateBackend(DynamoStateBackend.client(region.orElse(awsRegion), endpoint.orElse(null)), table,
                    journalTable.filter(t -> !t.isBlank()).orElse(DynamoStateBackend.journalTable(table)));
            default -> throw new IllegalArgumentException("riposte.state.backend must be file or dynamodb, got '" + backend + "'");
        };
        LOG.debugf("state backend: %s", s.describe());
        return s;
    }

    /** Who owns the rules: this process with files; the replica holding the lease with DynamoDB (lost: exit 3, restart as standby). */
    @Produces
    @Singleton
    RulesOwnership ownership(StateBackend state,
                             @ConfigProperty(name = "riposte.state.lease-period", defaultValue = "10s") Duration period) {
        return RulesOwnership.of(state, period, () -> Quarkus.asyncExit(3));
    }

    void closeOwnership(@Disposes RulesOwnership ownership) {
        ownership.close();
    }

    void close(@Disposes StateBackend state) {
        state.close();
    }
}
