package dev.riposte.aws.action.ec2;

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
import java.util.List;
import java.util.Set;

/**
 * {@code ec2:make-snapshot-private}: remove the public ("all") create-volume permission of an EBS snapshot.
 * Removing it from a snapshot that is not public changes nothing. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class MakeSnapshotPrivate extends AwsHandler implements AwsAction {
    private static final ActionSpec SPEC = ActionSpec.builder("ec2:make-snapshot-private")
            .description("Remove public access (createVolumePermission for group 'all') from an EBS snapshot")
            .targetType("AWS::EC2::Snapshot")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:ModifySnapshotAttribute")
            .awsDryRun(true)
            .build();

    @Inject
    public MakeSnapshotPrivate(AwsClients clients) {
        super(SPEC, Ec2Targets.SNAPSHOT, clients);
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(makePrivate(Ec2Ids.requireId(ctx.target(), "snap", "a snapshot id")));
    }

    @Override
    public ExecutionResult run(ActionContext ctx, Execution exec) {
        String id = Ec2Ids.requireId(ctx.target(), "snap", "a snapshot id");
        exec.change(
                makePrivate(id),
                Set.of(),
                () -> clients.ec2(ctx)
                        .modifySnapshotAttribute(b -> b.dryRun(exec.dryRunFlag())
                                .snapshotId(id)
                                .attribute("createVolumePermission")
                                .operationType("remove")
                                .groupNames("all")));
        return exec.succeeded();
    }

    static AwsRequest makePrivate(String snapshotId) {
        return request(
                "ec2",
                "ModifySnapshotAttribute",
                "SnapshotId",
                snapshotId,
                "Attribute",
                "createVolumePermission",
                "OperationType",
                "remove",
                "GroupNames",
                List.of("all"));
    }
}
