package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.params;
import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code ec2:enable-termination-protection}: keep an instance under investigation from being terminated (by an
 * attacker or an autoscaler's scale-in) and its evidence lost. Setting it again is harmless.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class EnableTerminationProtection extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("ec2:enable-termination-protection")
            .description(
                    "Turn on termination protection (DisableApiTermination) of an EC2 instance so its evidence is kept")
            .targetType("AWS::EC2::Instance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:ModifyInstanceAttribute")
            .awsDryRun(true)
            .build();

    @Inject
    public EnableTerminationProtection(AwsClients clients) {
        super(SPEC, Ec2Targets.INSTANCE, clients);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        return new SingleChange(
                protect(id),
                dryRun -> clients.ec2(ctx)
                        .modifyInstanceAttribute(
                                b -> b.dryRun(dryRun).instanceId(id).disableApiTermination(v -> v.value(true))));
    }

    static AwsRequest protect(String instanceId) {
        return request(
                "ec2",
                "ModifyInstanceAttribute",
                "InstanceId",
                instanceId,
                "DisableApiTermination",
                params("Value", true));
    }
}
