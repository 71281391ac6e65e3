package dev.riposte.aws.action.cloudtrail;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.action.Target;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/**
 * {@code cloudtrail:start-logging}: restart a trail someone stopped (the classic {@code StopLogging} cover-up). A trail
 * given by ARN is started in its home region, where CloudTrail requires the call; starting a logging trail is no error.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class StartLogging extends AwsHandler implements SingleChangeAction {
    static final Target TRAIL = Target.matching(
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
            Set.of("TrailNotFoundException"),
            "a trail name or trail ARN",
            "arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:trail/[\\w.-]{3,128}",
            "[\\w.-]{3,128}");
    private static final ActionSpec SPEC = ActionSpec.builder("cloudtrail:start-logging")
            .description("Start logging on a CloudTrail trail (name, or ARN to act in the trail's home region)")
            .targetType("AWS::CloudTrail::Trail")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("cloudtrail:StartLogging")
            .build();

    @Inject
    public StartLogging(AwsClients clients) {
        super(SPEC, TRAIL, clients);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String trail = ctx.target();
        ActionContext where = ArnScope.of(ctx, trail);
        return new SingleChange(
                start(trail),
                dryRun -> clients.client("cloudtrail", where, CloudTrailClient::builder)
                        .startLogging(b -> b.name(trail)));
    }

    static AwsRequest start(String trail) {
        return request("cloudtrail", "StartLogging", "Name", trail);
    }
}
