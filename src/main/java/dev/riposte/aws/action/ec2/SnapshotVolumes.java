package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.params;
import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsAction;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@code ec2:snapshot-volumes}: forensic snapshots of every EBS volume attached to an instance, tagged with the
 * event and the instance. Volumes that already have a snapshot for the same event are not snapshotted again.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class SnapshotVolumes extends AwsHandler implements AwsAction {
    static final String EVENT_TAG = "riposte:event";
    static final String INSTANCE_TAG = "riposte:instance";

    private static final ActionSpec SPEC = ActionSpec.builder("ec2:snapshot-volumes")
            .description("Take forensic snapshots of every EBS volume attached to an instance, tagged " + EVENT_TAG
                    + " and " + INSTANCE_TAG + " (once per event)")
            .targetType("AWS::EC2::Instance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:DescribeInstances", "ec2:DescribeSnapshots", "ec2:CreateSnapshot", "ec2:CreateTags")
            .awsDryRun(true)
            .build();

    @Inject
    public SnapshotVolumes(AwsClients clients) {
        super(SPEC, Ec2Targets.INSTANCE, clients);
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        String event = eventId(ctx);
        return List.of(
                IsolateInstance.describeInstances(id),
                describeSnapshots(event, id),
                createSnapshot("<each-ebs-volume-of:" + id + ">", id, event));
    }

    @Override
    public ExecutionResult run(ActionContext ctx, Execution exec) {
        Ec2Client ec2 = clients.ec2(ctx);
        String id = Ec2Ids.requireInstanceId(ctx.target());
        String event = eventId(ctx);
        Optional<Instance> instance = Ec2Errors.describeInstance(ec2, exec, id);
        if (instance.isEmpty()) {
            return exec.skipped("instance " + id + " no longer exists");
        }
        List<String> volumes = instance.get().blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
                .map(m -> m.ebs().volumeId())
                .toList();
        if (volumes.isEmpty()) {
            return exec.succeeded(); // instance-store only: nothing EBS can snapshot
        }
        Set<String> done = exec
                .read(
                        describeSnapshots(event, id),
                        () -> ec2.describeSnapshots(b -> b.ownerIds("self")
                                .filters(
                                        Filter.builder()
                                                .name("tag:" + EVENT_TAG)
                                                .values(event)
                                                .build(),
                                        Filter.builder()
                                                .name("tag:" + INSTANCE_TAG)
                                                .values(id)
                                                .build())))
                .snapshots()
                .stream()
                .map(Snapshot::volumeId)
                .collect(Collectors.toSet());
        for (String volume : volumes) {
            if (done.contains(volume)) {
                continue;
            }
            exec.change(
                    createSnapshot(volume, id, event),
                    Set.of("InvalidVolume.NotFound"),
                    () -> ec2.createSnapshot(b -> b.dryRun(exec.dryRunFlag())
                            .volumeId(volume)
                            .description(description(volume, id, event))
                            .tagSpecifications(TagSpecification.builder()
                                    .resourceType(ResourceType.SNAPSHOT)
                                    .tags(
                                            Tag.builder()
                                                    .key(EVENT_TAG)
                                                    .value(event)
                                                    .build(),
                                            Tag.builder()
                                                    .key(INSTANCE_TAG)
                                                    .value(id)
                                                    .build())
                                    .build())));
        }
        return exec.succeeded();
    }

    private static String eventId(ActionContext ctx) {
        return ctx.event() == null ? "manual" : ctx.event().id();
    }

    static String description(String volume, String instance, String event) {
        String d = "Riposte forensic snapshot of " + volume + " from " + instance + " for event " + event;
        return d.length() > 255 ? d.substring(0, 255) : d;
    }

    static AwsRequest describeSnapshots(String event, String instance) {
        return request(
                "ec2",
                "DescribeSnapshots",
                "OwnerIds",
                List.of("self"),
                "Filters",
                List.of(
                        params("Name", "tag:" + EVENT_TAG, "Values", List.of(event)),
                        params("Name", "tag:" + INSTANCE_TAG, "Values", List.of(instance))));
    }

    static AwsRequest createSnapshot(String volume, String instance, String event) {
        List<Object> tags = new ArrayList<>();
        tags.add(params("Key", EVENT_TAG, "Value", event));
        tags.add(params("Key", INSTANCE_TAG, "Value", instance));
        return request(
                "ec2",
                "CreateSnapshot",
                "VolumeId",
                volume,
                "Description",
                description(volume, instance, event),
                "TagSpecifications",
                List.of(params("ResourceType", "snapshot", "Tags", tags)));
    }
}
