package dev.riposte.aws.client;

import dev.riposte.dispatch.ActionContext;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * S3 and S3 Control clients, bucket targets and S3's "no longer exists" codes. Public: shared by the s3:* actions and
 * the bucket investigation step.
 */
public final class S3Access {
    public static final Set<String> BUCKET_GONE = Set.of("NoSuchBucket");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String ARN_PREFIX = "arn:aws:s3:::";

    private S3Access() {}

    /**
     * S3 in the context's account and region. Against an endpoint override (tests, emulators) buckets are
     * addressed by path: {@code bucket.localhost} would not resolve.
     */
    public static S3Client s3(AwsClients clients, ActionContext ctx) {
        boolean local = clients.settings().endpointOverride() != null;
        return clients.client("s3", ctx, () -> S3Client.builder().forcePathStyle(local));
    }

    /**
     * S3 Control in the context's account. Its endpoint rules put the account id in the host name
     * ({@code 111122223333.s3-control...}), which an endpoint override cannot resolve, so there the override is used as it is.
     */
    public static S3ControlClient control(AwsClients clients, ActionContext ctx) {
        URI override = clients.settings().endpointOverride();
        return clients.client("s3control", ctx, () -> {
            var b = S3ControlClient.builder();
            if (override != null) {
                b.endpointProvider(params -> CompletableFuture.completedFuture(
                        Endpoint.builder().url(override).build()));
            }
            return b;
        });
    }

    /** The bucket name of a target given as a name or as {@code arn:aws:s3:::name}. */
    public static String bucket(String target) {
        return target != null && target.startsWith(ARN_PREFIX) ? target.substring(ARN_PREFIX.length()) : target;
    }

    public static List<String> checkBucket(String actionId, String target) {
        String name = bucket(target);
        return name != null && BUCKET.matcher(name).matches()
                ? List.of()
                : List.of(actionId + " target '" + target + "' is not an S3 bucket name or arn:aws:s3:::bucket ARN");
    }

    /** The account that must own the bucket (S3 refuses with AccessDenied otherwise): never act on a look-alike bucket. */
    public static String expectedOwner(ActionContext ctx) {
        return ctx.account();
    }
}
