package dev.riposte.aws.action.s3;

import static dev.riposte.aws.client.Requests.params;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * {@code s3:enable-default-encryption}: set a bucket's default encryption to SSE-S3, or to SSE-KMS with the
 * {@code kmsKeyId} parameter (then with an S3 Bucket Key, which cuts KMS calls and cost). New objects only:
 * existing ones stay as they are. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class EnableDefaultEncryption extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("s3:enable-default-encryption")
            .description(
                    "Set a bucket's default encryption for new objects: SSE-S3 (AES256), or SSE-KMS with the kmsKeyId parameter")
            .targetType("AWS::S3::Bucket")
            .params(
                    ParamSpec.optional(
                            "kmsKeyId",
                            ParamSpec.Type.STRING,
                            "KMS key id, ARN or alias ARN for SSE-KMS; SSE-S3 when absent"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("s3:PutEncryptionConfiguration")
            .build();

    @Inject
    public EnableDefaultEncryption(AwsClients clients) {
        super(SPEC, S3Targets.BUCKET, clients);
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(super.check(command));
        Object key = command.params().get("kmsKeyId");
        if (key != null && String.valueOf(key).isBlank()) {
            problems.add(SPEC.id() + " kmsKeyId must not be blank (leave it out for SSE-S3)");
        }
        return problems;
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String bucket = S3Access.bucket(ctx.target());
        String owner = S3Access.expectedOwner(ctx);
        String key = ctx.param("kmsKeyId", null);
        ServerSideEncryptionRule rule = key == null
                ? ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256))
                        .build()
                : ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d ->
                                d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(key))
                        .bucketKeyEnabled(true)
                        .build();
        return new SingleChange(
                put(bucket, owner, key),
                dryRun -> S3Access.s3(clients, ctx)
                        .putBucketEncryption(b -> b.bucket(bucket)
                                .expectedBucketOwner(owner)
                                .serverSideEncryptionConfiguration(c -> c.rules(rule))));
    }

    static AwsRequest put(String bucket, String owner, String kmsKeyId) {
        Map<String, Object> byDefault = kmsKeyId == null
                ? params("SSEAlgorithm", "AES256")
                : params("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", kmsKeyId);
        Map<String, Object> rule = kmsKeyId == null
                ? params("ApplyServerSideEncryptionByDefault", byDefault)
                : params("ApplyServerSideEncryptionByDefault", byDefault, "BucketKeyEnabled", true);
        return request(
                "s3",
                "PutBucketEncryption",
                "Bucket",
                bucket,
                "ExpectedBucketOwner",
                owner,
                "ServerSideEncryptionConfiguration",
                params("Rules", List.of(rule)));
    }
}
