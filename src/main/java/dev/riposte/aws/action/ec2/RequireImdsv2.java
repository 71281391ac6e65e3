package dev.riposte.aws.action.ec2;

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
 * {@code ec2:require-imdsv2}: make the instance metadata service require session tokens (IMDSv2), which closes
 * the SSRF path to the instance role's credentials. Already required is not an error.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RequireImdsv2 extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("ec2:require-imdsv2")
            .description("Require IMDSv2 session tokens (HttpTokens=required) on an EC2 instance's metadata service")
            .targetType("AWS::EC2::Instance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:ModifyInstanceMetadataOptions")
            .awsDryRun(true)
            .build();

    @Inject
    public RequireImdsv2(AwsClients clients) {
        super(SPEC, Ec2Targets.INSTANCE, clients);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String id = Ec2Ids.requireInstanceId(ctx.target());
        return new SingleChange(
                require(id),
                dryRun -> clients.ec2(ctx)
                        .modifyInstanceMetadataOptions(
                                b -> b.dryRun(dryRun).instanceId(id).httpTokens("required")));
    }

    static AwsRequest require(String instanceId) {
        return request("ec2", "ModifyInstanceMetadataOptions", "InstanceId", instanceId, "HttpTokens", "required");
    }
}
