package dev.riposte.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.Events;
import dev.riposte.pipeline.Components;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CDI wiring: every handler bean is in the catalogue, the composition root's dispatcher is dry-run by default, and
 * idempotency runs before the guard rails.
 */
@QuarkusTest
class DispatchWiringTest {
    @Inject
    Components components;

    @Inject
    @All
    List<DispatchCheck> checks;

    @Test
    void everyHandlerBeanIsCataloguedAndDryRunIsTheDefault() {
        Dispatcher dispatcher = components.dispatcher(components.config().dryRun(), checks);
        assertThat(dispatcher.catalogue().specs())
                .extracting(ActionSpec::id)
                .contains(
                        "ec2:isolate-instance",
                        "iam:deactivate-access-key",
                        "notify:log",
                        "notify:webhook",
                        "ec2:detach-from-autoscaling");
        assertThat(dispatcher.settings()).isEqualTo(new DispatchSettings(true, false));

        DispatchResult r = dispatcher.dispatch(
                ActionCommand.of("ec2:stop-instance", "i-0123456789abcdef0"),
                Events.torClient().region("eu-west-1").build(),
                false);

        assertThat(r.mode()).isEqualTo(Mode.DRY_RUN);
        assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(r.requests())
                .containsExactly(
                        new AwsRequest("ec2", "StopInstances", Map.of("InstanceIds", List.of("i-0123456789abcdef0"))));
    }

    @Test
    void idempotencyRunsBeforeTheGuardRails() {
        // a redelivered command must end deduplicated before the exempt-tag guard reads AWS or the cooldown holds it
        // back
        assertThat(checks)
                .extracting(c -> c.getClass().getSimpleName())
                .containsExactly("IdempotencyCheck", "GuardRails");
    }
}
