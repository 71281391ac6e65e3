package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code ec2:stop-instance}: stop an instance (its EBS disks stay; memory is lost, so isolate first when memory
 * forensics matter). Stopping a stopped instance is not an error for EC2. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class StopInstance extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("ec2:stop-instance")
            .description("Stop an EC2 instance (EBS volumes are kept, memory is lost)")
            .targetType("AWS::EC2::Instance")
            .params(
                    ParamSpec.optional(
                            "force", ParamSpec.Type.BOOL, "force the stop without the OS shutting down cleanly"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:StopInstances")
            .awsDryRun(true)
            .build();

    @Inject
    public StopInstance(AwsClients clients) {
        super(SPEC, Ec2Targets.INSTANCE, clients);
    }

    @Override
    public ActionCommand example() {
        return super.example().with("force", true);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        Boolean force = force(ctx);
        return new SingleChange(
                stop(id, force),
                dryRun -> clients.ec2(ctx)
                        .stopInstances(b -> b.dryRun(dryRun).instanceIds(id).force(force)));
    }

    /** True when asked for, else null: EC2's default (a clean shutdown) needs no parameter. */
    private static Boolean force(ActionContext ctx) {
        return Boolean.parseBoolean(ctx.param("force", "false")) ? Boolean.TRUE : null;
    }

    static AwsRequest stop(String instanceId, Boolean force) {
        return request("ec2", "StopInstances", "InstanceIds", List.of(instanceId), "Force", force);
    }
}
