package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.INSTANCE;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotVolumesTest {
    private static final String VOL1 = "vol-0a1b2c3d4e5f60001";
    private static final String VOL2 = "vol-0a1b2c3d4e5f60002";
    private final AwsWire aws = new AwsWire();
    private final SnapshotVolumes handler = new SnapshotVolumes(aws.clients());
    private final ActionContext ctx = ctx("ec2:snapshot-volumes", INSTANCE, Map.of());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static String snapshots(String... volumes) {
        StringBuilder s = new StringBuilder("<DescribeSnapshotsResponse xmlns=\"" + AwsWire.EC2_NS
                + "\"><requestId>req-ds</requestId><snapshotSet>");
        for (String v : volumes) {
            s.append("<item><snapshotId>snap-0ffffffffffff000")
                    .append(v.charAt(v.length() - 1))
                    .append("</snapshotId><volumeId>")
                    .append(v)
                    .append(
                            "</volumeId><status>completed</status><startTime>2024-05-01T12:01:00.000Z</startTime>"
                                    + "<progress>100%</progress><ownerId>111122223333</ownerId><volumeSize>8</volumeSize></item>");
        }
        return s.append("</snapshotSet></DescribeSnapshotsResponse>").toString();
    }

    private static String created(String volume) {
        return "<CreateSnapshotResponse xmlns=\"" + AwsWire.EC2_NS + "\"><requestId>req-cs</requestId>"
                + "<snapshotId>snap-0eeeeeeeeeeee0001</snapshotId><volumeId>" + volume
                + "</volumeId><status>pending</status>"
                + "<startTime>2024-05-01T12:01:00.000Z</startTime><progress></progress><ownerId>111122223333</ownerId>"
                + "<volumeSize>8</volumeSize><description>x</description><encrypted>true</encrypted></CreateSnapshotResponse>";
    }

    private void instanceWithTwoVolumes() {
        aws.ok(
                "DescribeInstances",
                Ec2Xml.describeInstances(
                        INSTANCE,
                        "running",
                        "vpc-0a1b2c3d4e5f60001",
                        Map.of(),
                        List.of(new Ec2Xml.Eni("eni-0a1b2c3d4e5f60001", List.of("sg-0a1b2c3d4e5f60001"))),
                        List.of(VOL1, VOL2)));
        aws.ok("CreateSnapshot", created(VOL1));
    }

    @Test
    void snapshotsEveryAttachedVolumeTaggedWithTheEvent() {
        instanceWithTwoVolumes();
        aws.ok("DescribeSnapshots", snapshots());

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions())
                .containsExactly("DescribeInstances", "DescribeSnapshots", "CreateSnapshot", "CreateSnapshot");
        assertThat(aws.calls().get(1).params())
                .containsEntry("Owner.1", "self")
                .containsEntry("Filter.1.Name", "tag:riposte:event")
                .containsEntry("Filter.1.Value.1", "evt-0001")
                .containsEntry("Filter.2.Name", "tag:riposte:instance")
                .containsEntry("Filter.2.Value.1", INSTANCE);
        assertThat(aws.calls().get(2).params())
                .isEqualTo(Map.of(
                        "Action",
                        "CreateSnapshot",
                        "Version",
                        "2016-11-15",
                        "VolumeId",
                        VOL1,
                        "Description",
                        "Riposte forensic snapshot of " + VOL1 + " from " + INSTANCE + " for event evt-0001",
                        "TagSpecification.1.ResourceType",
                        "snapshot",
                        "TagSpecification.1.Tag.1.Key",
                        "riposte:event",
                        "TagSpecification.1.Tag.1.Value",
                        "evt-0001",
                        "TagSpecification.1.Tag.2.Key",
                        "riposte:instance",
                        "TagSpecification.1.Tag.2.Value",
                        INSTANCE));
        assertThat(aws.calls().get(3).get("VolumeId")).isEqualTo(VOL2);
        assertThat(r.requests().get(2)).isEqualTo(SnapshotVolumes.createSnapshot(VOL1, INSTANCE, "evt-0001"));
    }

    @Test
    void volumesAlreadySnapshottedForTheEventAreNotTakenAgain() {
        instanceWithTwoVolumes();
        aws.ok("DescribeSnapshots", snapshots(VOL1));

        handler.execute(ctx);

        assertThat(aws.actions()).containsExactly("DescribeInstances", "DescribeSnapshots", "CreateSnapshot");
        assertThat(aws.calls().get(2).get("VolumeId")).isEqualTo(VOL2);
    }

    @Test
    void planShowsOneSnapshotPerVolume() {
        assertThat(handler.plan(ctx))
                .extracting(AwsRequest::operation)
                .containsExactly("DescribeInstances", "DescribeSnapshots", "CreateSnapshot");
        assertThat(handler.plan(ctx).get(2).parameters())
                .containsEntry("VolumeId", "<each-ebs-volume-of:" + INSTANCE + ">");
    }

    @Test
    void aVanishedInstanceIsSkipped() {
        aws.ok("DescribeInstances", Ec2Xml.noReservations());

        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SKIPPED);
    }
}
