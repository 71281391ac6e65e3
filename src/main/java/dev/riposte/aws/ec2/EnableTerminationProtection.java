package dev.riposte.aws.ec2;

import static dev.riposte.aws.Requests.params;
import static dev.riposte.aws.Requests.request;

import dev.riposte.aws.AwsClients;
import dev.riposte.aws.Execution;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsDryRun;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * {@code ec2:enable-termination-protection}: keep an instance under investigation from being terminated (by an
 * attacker or an autoscaler's scale-in) and its evidence lost. Setting it again is harmless.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class EnableTerminationProtection implements ActionHandler {
    private static final ActionSpec SPEC = new ActionSpec("ec2:enable-termination-protection",
            "Turn on termination protection (DisableApiTermination) of an EC2 instance so its evidence is kept",
            "AWS::EC2::Instance",
            List.of(ParamSpec.optional("reason", "string", "why, for the audit log")),
            List.of("ec2:ModifyInstanceAttribute"),
            true, true);

    private final AwsClients clients;

    @Inject
    public EnableTerminationProtection(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public List<String> check(ActionCommand command) {
        return Ec2Ids.checkId(SPEC.id(), command.target(), "i", "an instance id (i-...) or instance ARN");
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(protect(Ec2Ids.requireInstanceId(ctx.target())));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        return Execution.execute(Ec2Errors.INSTANCE_GONE, exec -> run(ctx, exec));
    }

    @Override
    public AwsDryRun validateWithAws(ActionContext ctx) {
        return Execution.validate(Ec2Errors.INSTANCE_GONE, exec -> run(ctx, exec));
    }

    private ExecutionResult run(ActionContext ctx, Execution exec) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        exec.change(protect(id), Set.of(), () -> clients.ec2(ctx).modifyInstanceAttribute(
                b -> b.dryRun(exec.dryRunFlag()).instanceId(id).disableApiTermination(v -> v.value(true))));
        return exec.succeeded();
    }

    static AwsRequest protect(String instanceId) {
        return request("ec2", "ModifyInstanceAttribute", "InstanceId", instanceId,
                "DisableApiTermination", params("Value", true));
    }
}
