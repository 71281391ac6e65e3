package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.SNAPSHOT;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Error;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MakeSnapshotPrivateTest {
    private final AwsWire aws = new AwsWire();
    private final MakeSnapshotPrivate handler = new MakeSnapshotPrivate(aws.clients());
    private final ActionContext ctx =
            ctx("ec2:make-snapshot-private", "arn:aws:ec2:us-east-1::snapshot/" + SNAPSHOT, Map.of());

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void removesThePublicPermission() {
        aws.ok("ModifySnapshotAttribute", ec2Return("ModifySnapshotAttribute"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "ModifySnapshotAttribute",
                                "Version",
                                "2016-11-15",
                                "SnapshotId",
                                SNAPSHOT,
                                "Attribute",
                                "createVolumePermission",
                                "OperationType",
                                "remove",
                                "UserGroup.1",
                                "all")));
    }

    @Test
    void aDeletedSnapshotIsSkipped() {
        aws.answer(
                "ModifySnapshotAttribute",
                400,
                ec2Error("InvalidSnapshot.NotFound", "The snapshot '" + SNAPSHOT + "' does not exist."));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).startsWith("InvalidSnapshot.NotFound: ");
    }

    @Test
    void onlyTakesSnapshots() {
        assertThat(handler.check(ActionCommand.of("ec2:make-snapshot-private", "vol-0a1b2c3d4e5f60001")))
                .containsExactly(
                        "ec2:make-snapshot-private target 'vol-0a1b2c3d4e5f60001' is not a snapshot id (snap-...) or snapshot ARN");
    }
}
