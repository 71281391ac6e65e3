package dev.riposte.aws.action.s3;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.S3Access;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code s3:block-account-public-access}: turn on all four S3 Block Public Access settings for a whole account
 * (S3 Control), which then override every bucket's own. The account is the target, else the event's account.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class BlockAccountPublicAccess extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("s3:block-account-public-access")
            .description(
                    "Turn on all four S3 Block Public Access settings for an account (the target, else the event's account);"
                            + " they apply to every bucket in it")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("s3:PutAccountPublicAccessBlock")
            .build();

    @Inject
    public BlockAccountPublicAccess(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "111122223333");
    }

    @Override
    public List<String> check(ActionCommand command) {
        String t = command.target();
        return t == null || t.matches("\\d{12}")
                ? List.of()
                : List.of(SPEC.id() + " target '" + t + "' is not a 12-digit AWS account id");
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String account = account(ctx);
        // act in the target account, whose role may differ from the event's
        ActionContext inAccount = new ActionContext(ctx.command(), ctx.event(), account, ctx.region());
        return new SingleChange(
                put(account),
                dryRun -> S3Access.control(clients, inAccount)
                        .putPublicAccessBlock(b -> b.accountId(account)
                                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                                        .ignorePublicAcls(true)
                                        .blockPublicPolicy(true)
                                        .restrictPublicBuckets(true))));
    }

    static String account(ActionContext ctx) {
        String account = ctx.target() != null ? ctx.target() : ctx.account();
        if (account == null) {
            throw new IllegalArgumentException(
                    SPEC.id() + " needs an account: the event names none and there is no target");
        }
        return account;
    }

    static AwsRequest put(String account) {
        return request(
                "s3control",
                "PutPublicAccessBlock",
                "AccountId",
                account,
                "PublicAccessBlockConfiguration",
                BlockBucketPublicAccess.ALL_BLOCKED);
    }
}
