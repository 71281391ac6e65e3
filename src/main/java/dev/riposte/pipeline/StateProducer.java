package dev.riposte.pipeline;

import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.dynamodb.StateHealth;
import dev.riposte.config.RiposteConfig;
import dev.riposte.state.StateBackend;
import dev.riposte.state.file.FileStateBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/** The state backend {@code riposte.state.backend} names: {@code file} (default) or {@code dynamodb}. */
@Singleton
class StateProducer {
    private static final Logger LOG = Logger.getLogger(StateProducer.class);

    @Produces
    @Singleton
    StateBackend state(RiposteConfig config, Instance<MeterRegistry> registry) {
        RiposteConfig.State state = config.state();
        String backend = state.backend();
        RiposteConfig.State.Dynamodb dynamo = state.dynamodb();
        StateBackend s = switch (backend.strip().toLowerCase()) {
            case "file" -> new FileStateBackend(state.dir());
            case "dynamodb" ->
                new DynamoStateBackend(
                        DynamoStateBackend.client(
                                dynamo.region().orElse(config.aws().region()),
                                dynamo.endpoint().orElse(null),
                                new StateHealth(dynamo.table(), registry.isResolvable() ? registry.get() : null)),
                        dynamo.table(),
                        config.journal()
                                .dynamodb()
                                .table()
                                .filter(t -> !t.isBlank())
                                .orElse(DynamoStateBackend.journalTable(dynamo.table())));
            default ->
                throw new IllegalArgumentException(
                        "riposte.state.backend must be file or dynamodb, got '" + backend + "'");
        };
        LOG.debugf("state backend: %s", s.describe());
        return s;
    }

    /** Who owns the rules: this process with files; the replica holding the lease with DynamoDB (lost: exit 3, restart as standby). */
    @Produces
    @Singleton
    RulesOwnership ownership(StateBackend state, RiposteConfig config) {
        return RulesOwnership.of(state, config.state().leasePeriod(), () -> Quarkus.asyncExit(3));
    }

    /** The rules owner's term for the rate limits (ratelimit.RateLimitProducer names it): the fleet's budget is the owner's. */
    @Produces
    @Singleton
    @Named("rulesTerm")
    LongSupplier rulesTerm(RulesOwnership ownership) {
        return ownership::term;
    }

    void closeOwnership(@Disposes RulesOwnership ownership) {
        ownership.close();
    }

    void close(@Disposes StateBackend state) {
        state.close();
    }
}
