package dev.riposte.aws.investigate.s3;

import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.S3Access;
import dev.riposte.aws.investigate.AwsStep;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * {@code s3:bucket-context}: GetBucketAcl (essential: it also tells that the bucket exists and is ours), then the
 * bucket's and the account's (S3 Control) GetPublicAccessBlock, GetBucketPolicyStatus, GetBucketEncryption and
 * GetBucketVersioning as parts. S3 answers "none configured" with an error code, which here means "none", not a
 * failure. Reads name the event's account as the expected bucket owner. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class BucketContextStep extends AwsStep {
    static final String NAME = "s3:bucket-context";
    /** IAM names: GetPublicAccessBlock is s3:GetBucketPublicAccessBlock / s3:GetAccountPublicAccessBlock, GetBucketEncryption
     * s3:GetEncryptionConfiguration. */
    static final List<String> PERMISSIONS = List.of(
            "s3:GetBucketAcl",
            "s3:GetBucketPublicAccessBlock",
            "s3:GetAccountPublicAccessBlock",
            "s3:GetBucketPolicyStatus",
            "s3:GetEncryptionConfiguration",
            "s3:GetBucketVersioning");

    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    @Inject
    public BucketContextStep(AwsClients clients) {
        super(NAME, PERMISSIONS, clients);
    }

    @Override
    public List<String> targets(SecurityEvent event) {
        Set<String> out = new LinkedHashSet<>();
        for (Resource r : event.resources()) {
            if ("AWS::S3::Bucket".equals(r.type())) {
                String name = S3Access.bucket(r.id() != null ? r.id() : r.arn());
                if (name != null && S3Access.checkBucket(NAME, name).isEmpty()) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Object gather(ActionContext ctx, String bucket, Consumer<String> problems) {
        S3Client s3 = S3Access.s3(clients, ctx);
        String owner = S3Access.expectedOwner(ctx);
        List<String> publicGrants =
                publicGrants(s3.getBucketAcl(b -> b.bucket(bucket).expectedBucketOwner(owner))
                        .grants());
        Part part = new Part(problems);
        BucketContext.PublicAccessBlock bucketBlock =
                part.get("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", () -> {
                    var c = s3.getPublicAccessBlock(b -> b.bucket(bucket).expectedBucketOwner(owner))
                            .publicAccessBlockConfiguration();
                    return new BucketContext.PublicAccessBlock(
                            on(c.blockPublicAcls()),
                            on(c.ignorePublicAcls()),
                            on(c.blockPublicPolicy()),
                            on(c.restrictPublicBuckets()));
                });
        BucketContext.PublicAccessBlock accountBlock = owner == null
                ? null
                : part.get("GetPublicAccessBlock (account)", "NoSuchPublicAccessBlockConfiguration", () -> {
                    var c = S3Access.control(clients, ctx)
                            .getPublicAccessBlock(b -> b.accountId(owner))
                            .publicAccessBlockConfiguration();
                    return new BucketContext.PublicAccessBlock(
                            on(c.blockPublicAcls()),
                            on(c.ignorePublicAcls()),
                            on(c.blockPublicPolicy()),
                            on(c.restrictPublicBuckets()));
                });
        Boolean policyPublic = part.get(
                "GetBucketPolicyStatus",
                "NoSuchBucketPolicy",
                () -> on(s3.getBucketPolicyStatus(b -> b.bucket(bucket).expectedBucketOwner(owner))
                        .policyStatus()
                        .isPublic()));
        if (policyPublic == null && !part.failed("GetBucketPolicyStatus")) {
            policyPublic = false; // no policy at all
        }
        String encryption = part.get("GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError", () -> {
            List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(
                            b -> b.bucket(bucket).expectedBucketOwner(owner))
                    .serverSideEncryptionConfiguration()
                    .rules();
            return rules.stream()
                    .filter(r -> r.applyServerSideEncryptionByDefault() != null)
                    .map(r -> r.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                    .findFirst()
                    .orElse(null);
        });
        String versioning = part.get("GetBucketVersioning", null, () -> {
            String status = s3.getBucketVersioning(b -> b.bucket(bucket).expectedBucketOwner(owner))
                    .statusAsString();
            return status == null || status.isEmpty() ? null : status;
        });
        return new BucketContext(
                ctx.event().id(),
                bucket,
                bucketBlock,
                accountBlock,
                policyPublic,
                publicGrants,
                encryption,
                versioning,
                part.complete);
    }

    /** Grants to everyone ({@code AllUsers}) or to any AWS account ({@code AuthenticatedUsers}), as {@code AllUsers:READ}. */
    static List<String> publicGrants(List<Grant> grants) {
        List<String> out = new ArrayList<>();
        for (Grant g : grants) {
            String uri = g.grantee() == null ? null : g.grantee().uri();
            if (ALL_USERS.equals(uri) || AUTHENTICATED_USERS.equals(uri)) {
                out.add(uri.substring(uri.lastIndexOf('/') + 1) + ":" + g.permissionAsString());
            }
        }
        return out;
    }

    private static boolean on(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    @Override
    public Object forEvent(Object context, String eventId) {
        return ((BucketContext) context).withEventId(eventId);
    }

    /** Reads one optional part: its "none configured" code gives null, another AWS error is told to the problems. */
    private static final class Part {
        private final Consumer<String> problems;
        private final Set<String> failed = new HashSet<>();
        boolean complete = true;

        Part(Consumer<String> problems) {
            this.problems = problems;
        }

        <T> T get(String operation, String noneCode, Supplier<T> read) {
            try {
                return read.get();
            } catch (AwsServiceException e) {
                String code =
                        e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (noneCode != null && noneCode.equals(code)) {
                    return null;
                }
                complete = false;
                failed.add(operation);
                String message = e.awsErrorDetails() == null
                        ? e.getMessage()
                        : e.awsErrorDetails().errorMessage();
                problems.accept(operation + ": " + (code == null ? "HTTP " + e.statusCode() : code) + ": " + message);
                return null;
            }
        }

        boolean failed(String operation) {
            return failed.contains(operation);
        }
    }
}
