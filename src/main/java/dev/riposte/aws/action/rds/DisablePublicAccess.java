package dev.riposte.aws.action.rds;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
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
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * {@code rds:disable-public-access}: make a DB instance not publicly accessible, applied now rather than in the next
 * maintenance window. Setting it when already off is no error for RDS. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class DisablePublicAccess implements SingleChangeAction {
    static final Set<String> GONE = Set.of("DBInstanceNotFound");
    private static final ActionSpec SPEC = ActionSpec.builder("rds:disable-public-access")
            .description(
                    "Make an RDS DB instance not publicly accessible (ModifyDBInstance PubliclyAccessible=false, applied immediately)")
            .targetType("AWS::RDS::DBInstance")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("rds:ModifyDBInstance")
            .build();

    private final AwsClients clients;

    @Inject
    public DisablePublicAccess(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "arn:aws:rds:us-east-1:111122223333:db:orders");
    }

    @Override
    public List<String> check(ActionCommand command) {
        String t = command.target();
        boolean ok = t != null
                && (t.matches("arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:db:[a-zA-Z][a-zA-Z0-9-]{0,62}")
                        || t.matches("[a-zA-Z][a-zA-Z0-9-]{0,62}"));
        return ok
                ? List.of()
                : List.of(SPEC.id() + " target '" + t
                        + "' is not a DB instance identifier or arn:aws:rds:...:db:name ARN");
    }

    @Override
    public Set<String> goneCodes() {
        return GONE;
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
