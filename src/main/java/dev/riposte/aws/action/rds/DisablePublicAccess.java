package dev.riposte.aws.action.rds;

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
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * {@code rds:disable-public-access}: make a DB instance not publicly accessible, applied now rather than in the next
 * maintenance window. Setting it when already off is no error for RDS. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class DisablePublicAccess extends AwsHandler implements SingleChangeAction {
    static final Target DB_INSTANCE = Target.matching(
            "arn:aws:rds:us-east-1:111122223333:db:orders",
            Set.of("DBInstanceNotFound"),
            "a DB instance identifier or arn:aws:rds:...:db:name ARN",
            "arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:db:[a-zA-Z][a-zA-Z0-9-]{0,62}",
            "[a-zA-Z][a-zA-Z0-9-]{0,62}");
    private static final ActionSpec SPEC = ActionSpec.builder("rds:disable-public-access")
            .description(
                    "Make an RDS DB instance not publicly accessible (ModifyDBInstance PubliclyAccessible=false, applied immediately)")
            .targetType("AWS::RDS::DBInstance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("rds:ModifyDBInstance")
            .build();

    @Inject
    public DisablePublicAccess(AwsClients clients) {
        super(SPEC, DB_INSTANCE, clients);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String id = ArnScope.name(ctx.target(), ":");
        ActionContext where = ArnScope.of(ctx, ctx.target());
        return new SingleChange(
                modify(id),
                dryRun -> clients.client("rds", where, RdsClient::builder)
                        .modifyDBInstance(b -> b.dbInstanceIdentifier(id)
                                .publiclyAccessible(false)
                                .applyImmediately(true)));
    }

    static AwsRequest modify(String id) {
        return request(
                "rds",
                "ModifyDBInstance",
                "DBInstanceIdentifier",
                id,
                "PubliclyAccessible",
                false,
                "ApplyImmediately",
                true);
    }
}
