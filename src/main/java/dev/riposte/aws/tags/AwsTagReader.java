package dev.riposte.aws.tags;

import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.ThrottledReads;
import dev.riposte.command.ActionCommand;
import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.RateLimitedException;
import dev.riposte.dispatch.TagReader;
import dev.riposte.dispatch.Throttle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Reads a resource's tags as they are now (EC2 resources by id, IAM users and roles), so the exempt-tag
 * guard rail sees a tag added after the event. Other resource types answer empty: the guard rails then
 * use the tags the event carried. Errors propagate: the guard rails fail closed. The reads take tokens from the
 * same (account, region, operation) buckets as the actions' calls: a burst of commands must not throttle the API
 * for everyone, and a read that has no token in time defers its command ({@link RateLimitedException}). In time means
 * within {@code riposte.guard.exempt-tag-read-wait} (short), not the commands' {@code riposte.rate-limit.max-wait}: the
 * read runs on the event path, which must not stand still for seconds while a bucket refills.
 */
@ApplicationScoped
public class AwsTagReader implements TagReader {
    /** What {@link #currentTags} calls need: every live mutating command reads its target's tags first. */
    public static final List<String> PERMISSIONS = List.of("ec2:DescribeTags", "iam:ListUserTags", "iam:ListRoleTags");

    private static final String EC2_ID = "(i|sg|vol|snap|eni|ami|subnet|vpc|acl|igw|nat|rtb)-[0-9a-f]+";

    static final String READ_WAIT = "riposte.guard.exempt-tag-read-wait";

    private final AwsClients clients;
    private final Throttle throttle;

    @Inject
    public AwsTagReader(AwsClients clients, Instance<Throttle> throttle, RiposteConfig config) {
        this(
                clients,
                throttle.isResolvable() ? throttle.get() : Throttle.NONE,
                config.guard().exemptTagReadWait());
    }

    /** For wiring outside CDI, with the default read budget. */
    public AwsTagReader(AwsClients clients, Throttle throttle) {
        this(clients, throttle, RiposteConfig.defaults().guard().exemptTagReadWait());
    }

    /** @param readWait how long a read may wait for its rate-limit token ({@value #READ_WAIT}) */
    public AwsTagReader(AwsClients clients, Throttle throttle, Duration readWait) {
        if (readWait.isNegative()) {
            throw new IllegalArgumentException(READ_WAIT + " must not be negative, got " + readWait);
        }
        this.clients = clients;
        this.throttle = (action, account, region, calls) -> {
            Throttle.Permit p = throttle.acquire(action, account, region, calls, readWait);
            return p.granted() ? p : new Throttle.Permit(false, p.waitedMs(), p.reason() + " (" + READ_WAIT + ")");
        };
    }

    @Override
    public Optional<Map<String, String>> currentTags(
            String account, String region, String resourceType, String resourceId) {
        try {
            return ThrottledReads.during(throttle, () -> read(account, region, resourceType, resourceId));
        } catch (RuntimeException e) {
            if (ThrottledReads.isRateLimited(e)) {
                throw new RateLimitedException("reading the current tags of " + resourceId + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // read() throws no checked exception
        }
    }

    private Optional<Map<String, String>> read(String account, String region, String resourceType, String resourceId) {
        if (resourceId == null) {
            return Optional.empty();
        }
        IamArn iam = IamArn.of(resourceId);
        String type = iam != null ? iam.type() : resourceType;
        String owner = iam != null && !iam.account().isEmpty() ? iam.account() : account;
        String id = iam != null
                ? iam.name()
                : resourceId.contains("/") ? resourceId.substring(resourceId.lastIndexOf('/') + 1) : resourceId;
        ActionContext ctx = new ActionContext(ActionCommand.of("riposte:read-tags", id), null, owner, region);
        if (id.matches(EC2_ID)) {
            Map<String, String> tags = new TreeMap<>();
            DescribeTagsRequest.Builder req = DescribeTagsRequest.builder()
                    .filters(Filter.builder().name("resource-id").values(id).build());
            String next = null;
            do {
                DescribeTagsResponse page =
                        clients.ec2(ctx).describeTags(req.nextToken(next).build());
                page.tags().forEach(t -> tags.put(t.key(), t.value()));
                next = page.nextToken();
            } while (next != null && !next.isEmpty());
            return Optional.of(tags);
        }
        if ("AWS::IAM::User".equals(type)) {
            return Optional.of(
                    iamTags(clients.iam(ctx).listUserTags(r -> r.userName(id)).tags()));
        }
        if ("AWS::IAM::Role".equals(type)) {
            return Optional.of(
                    iamTags(clients.iam(ctx).listRoleTags(r -> r.roleName(id)).tags()));
        }
        return Optional.empty();
    }

    /**
     * An IAM user or role named by ARN: its type, account and name. The session ARN of an assumed role
     * ({@code arn:aws:sts::A:assumed-role/R/S}) names role R of account A: its tags are the role's, and the
     * last segment is the session, not the role. An IAM ARN's last segment is the name (paths come before it).
     */
    record IamArn(String type, String account, String name) {
        static IamArn of(String arn) {
            if (!arn.startsWith("arn:")) {
                return null;
            }
            String[] p = arn.split(":", 6);
            if (p.length < 6) {
                return null;
            }
            String[] segs = p[5].split("/");
            if ("iam".equals(p[2]) && segs.length >= 2 && ("user".equals(segs[0]) || "role".equals(segs[0]))) {
                return new IamArn(
                        "user".equals(segs[0]) ? "AWS::IAM::User" : "AWS::IAM::Role", p[4], segs[segs.length - 1]);
            }
            if ("sts".equals(p[2]) && segs.length >= 2 && "assumed-role".equals(segs[0])) {
                return new IamArn("AWS::IAM::Role", p[4], segs[1]);
            }
            return null;
        }
    }

    private static Map<String, String> iamTags(List<Tag> tags) {
        Map<String, String> m = new TreeMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }
}
