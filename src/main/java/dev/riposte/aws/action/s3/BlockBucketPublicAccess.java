package dev.riposte.aws.action.s3;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.S3Access;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * {@code s3:block-public-access}: turn on all four S3 Block Public Access settings of one bucket. Putting the same
 * configuration twice is no error, so a repeat is a success. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class BlockBucketPublicAccess extends AwsHandler implements SingleChangeAction {
    static final Map<String, Object> ALL_BLOCKED = Map.of(
            "BlockPublicAcls",
            true,
            "IgnorePublicAcls",
            true,
            "BlockPublicPolicy",
            true,
            "RestrictPublicBuckets",
            true);
    private static final ActionSpec SPEC = ActionSpec.builder("s3:block-public-access")
            .description(
                    "Turn on all four S3 Block Public Access settings of a bucket (public ACLs and policies blocked and ignored)")
            .targetType("AWS::S3::Bucket")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("s3:PutBucketPublicAccessBlock")
            .build();

    @Inject
    public BlockBucketPublicAccess(AwsClients clients) {
        super(SPEC, S3Targets.BUCKET, clients);
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String bucket = S3Access.bucket(ctx.target());
        String owner = S3Access.expectedOwner(ctx);
        return new SingleChange(
                put(bucket, owner),
                dryRun -> S3Access.s3(clients, ctx)
                        .putPublicAccessBlock(b -> b.bucket(bucket)
                                .expectedBucketOwner(owner)
                                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                                        .ignorePublicAcls(true)
                                        .blockPublicPolicy(true)
                                        .restrictPublicBuckets(true))));
    }

    static AwsRequest put(String bucket, String owner) {
        return request(
                "s3",
                "PutPublicAccessBlock",
                "Bucket",
                bucket,
                "ExpectedBucketOwner",
                owner,
                "PublicAccessBlockConfiguration",
                ALL_BLOCKED);
    }
}
