package dev.riposte.aws.action.s3;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.S3Access;
import dev.riposte.aws.document.PolicyStatements;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;

/**
 * {@code s3:remove-public-policy-statements}: drop the statements of a bucket policy that allow everyone
 * ({@link PolicyStatements#isPublic}), keeping every other statement; delete the policy when none remain. A bucket
 * with no policy, or none public, is already in the wanted state. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RemovePublicPolicyStatements extends AwsHandler {
    static final String NO_POLICY = "NoSuchBucketPolicy";
    private static final ActionSpec SPEC = ActionSpec.builder("s3:remove-public-policy-statements")
            .description(
                    "Remove the statements of a bucket policy that allow Principal \"*\" without a condition narrowing the caller"
                            + " (source account/ARN/IP/VPC, organization); deletes the policy when nothing else remains")
            .targetType("AWS::S3::Bucket")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy")
            .build();

    @Inject
    public RemovePublicPolicyStatements(AwsClients clients) {
        super(SPEC, S3Targets.BUCKET, clients);
    }

    /** The new policy depends on the current one, so the plan shows it as a placeholder. */
    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String bucket = S3Access.bucket(ctx.target());
        String owner = S3Access.expectedOwner(ctx);
        return List.of(
                get(bucket, owner),
                put(
                        bucket,
                        owner,
                        "<policy of " + bucket
                                + " without statements open to everyone; DeleteBucketPolicy if none remain>"));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String bucket = S3Access.bucket(ctx.target());
        String owner = S3Access.expectedOwner(ctx);
        return Execution.execute(goneCodes(), exec -> {
            S3Client s3 = S3Access.s3(clients, ctx);
            GetBucketPolicyResponse current;
            try {
                current = exec.read(
                        get(bucket, owner),
                        () -> s3.getBucketPolicy(b -> b.bucket(bucket).expectedBucketOwner(owner)));
            } catch (AwsServiceException e) {
                if (e.awsErrorDetails() != null
                        && NO_POLICY.equals(e.awsErrorDetails().errorCode())) {
                    return exec.succeeded();
                }
                throw e;
            }
            Map<String, Object> policy = PolicyStatements.parse(current.policy());
            Map<String, Object> kept = PolicyStatements.withoutPublic(policy);
            List<Map<String, Object>> remaining = PolicyStatements.statements(kept);
            if (remaining.size() == PolicyStatements.statements(policy).size()) {
                return exec.succeeded();
            }
            if (remaining.isEmpty()) {
                exec.change(
                        delete(bucket, owner),
                        Set.of(NO_POLICY),
                        () -> s3.deleteBucketPolicy(b -> b.bucket(bucket).expectedBucketOwner(owner)));
            } else {
                String text = PolicyStatements.write(kept);
                exec.change(
                        put(bucket, owner, text),
                        Set.of(),
                        () -> s3.putBucketPolicy(
                                b -> b.bucket(bucket).expectedBucketOwner(owner).policy(text)));
            }
            return exec.succeeded();
        });
    }

    static AwsRequest get(String bucket, String owner) {
        return request("s3", "GetBucketPolicy", "Bucket", bucket, "ExpectedBucketOwner", owner);
    }

    static AwsRequest put(String bucket, String owner, String policy) {
        return request("s3", "PutBucketPolicy", "Bucket", bucket, "ExpectedBucketOwner", owner, "Policy", policy);
    }

    static AwsRequest delete(String bucket, String owner) {
        return request("s3", "DeleteBucketPolicy", "Bucket", bucket, "ExpectedBucketOwner", owner);
    }
}
