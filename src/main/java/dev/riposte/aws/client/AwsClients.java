package dev.riposte.aws.client;

import dev.riposte.aws.json.AwsJsonClient;
import dev.riposte.dispatch.ActionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS SDK clients are built: the URLConnection HTTP client (chosen explicitly: the SDK would
 * otherwise pull in whichever it finds), STANDARD retries (throttling backoff; the SDK default is LEGACY),
 * the region of the event, one endpoint override for every client (tests, emulators), and, with an
 * assume-role template, credentials of a role in the event's account, cached per account until shortly
 * before they expire. Clients are cached per (service, account, region) and closed with this object.
 * Public: actions ({@code aws.action.*}), investigation steps ({@code aws.investigate.*}), the tag reader and the wiring use it.
 */
public final class AwsClients implements AutoCloseable {
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    static final int SESSION_SECONDS = 3600;
    private static final int SESSION_ID_PREFIX = 56;

    /**
     * @param region           {@code riposte.aws.region}: where to act when an event names no region; STS's region
     * @param endpointOverride {@code riposte.aws.endpoint-override}: every client talks to this URL, or null
     * @param assumeRole       {@code riposte.aws.assume-role}: role ARN template with {@code {account}}, or null to act with the base
     * credentials
     * @param externalId       {@code riposte.aws.external-id}: sent with AssumeRole when set
     */
    public record Settings(String region, URI endpointOverride, String assumeRole, String externalId) {
        public Settings {
            Objects.requireNonNull(region, "region");
            if (assumeRole != null && assumeRole.isBlank()) {
                assumeRole = null;
            }
            if (assumeRole != null && !assumeRole.startsWith("arn:")) {
                throw new IllegalArgumentException("riposte.aws.assume-role must be a role ARN template such as"
                        + " arn:aws:iam::{account}:role/RiposteResponder, got " + assumeRole);
            }
            if (externalId != null && externalId.isBlank()) {
                externalId = null;
            }
        }

        /** {@code arn:aws:iam::{account}:role/X} for {@code account}. */
        String roleArn(String account) {
            return assumeRole.replace("{account}", account);
        }
    }

    private final Settings settings;
    private final AwsCredentialsProvider baseCredentials;
    private final Clock clock;
    private final SdkHttpClient http;
    private final Map<String, Cached> clients = new ConcurrentHashMap<>();
    private final Map<String, AssumedRole> roles = new ConcurrentHashMap<>();
    private volatile StsClient sts;
    private volatile HttpClient jsonHttp;
    private volatile BooleanSupplier mayAct = () -> true;

    public AwsClients(Settings settings, AwsCredentialsProvider baseCredentials) {
        this(settings, baseCredentials, Clock.systemUTC());
    }

    AwsClients(Settings settings, AwsCredentialsProvider baseCredentials, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.baseCredentials = Objects.requireNonNull(baseCredentials, "baseCredentials");
        this.clock = clock;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * From now on every call of every client (built before or after) asks {@code mayAct} before it starts and again
     * just before each attempt is transmitted, and is not sent when it says no: a replica that lost the rules lease
     * while paused in the middle of an action sends nothing more. What no client can close is a pause between that
     * last check and the socket write (microseconds; AWS APIs take no fencing token): the mutations are held by
     * their idempotency claims, which the table fences by the lease's version.
     */
    public void fenceWith(BooleanSupplier mayAct) {
        this.mayAct = Objects.requireNonNull(mayAct, "mayAct");
    }

    private Consumer<String> checkingFence(Consumer<String> then) {
        return operation -> {
            checkFence(operation);
            then.accept(operation);
        };
    }

    private void checkFence(String operation) {
        if (!mayAct.getAsBoolean()) {
            throw SdkClientException.create(operation + " not sent: this replica no longer owns the rules (its lease"
                    + " ran out or was taken over); the owner decides");
        }
    }

    /** EC2 in the context's account and region. */
    public Ec2Client ec2(ActionContext ctx) {
        Region region = region(ctx);
        AwsCredentialsProvider creds = credentials(ctx);
        return client(
                "ec2", ctx.account(), region, () -> build(Ec2Client.builder(), "ec2", ctx.account(), region, creds));
    }

    /** EC2 Auto Scaling in the context's account and region. */
    public AutoScalingClient autoScaling(ActionContext ctx) {
        Region region = region(ctx);
        AwsCredentialsProvider creds = credentials(ctx);
        return client(
                "autoscaling",
                ctx.account(),
                region,
                () -> build(AutoScalingClient.builder(), "autoscaling", ctx.account(), region, creds));
    }

    /** IAM (global) in the context's account. */
    public IamClient iam(ActionContext ctx) {
        AwsCredentialsProvider creds = credentials(ctx);
        return client(
                "iam",
                ctx.account(),
                Region.AWS_GLOBAL,
                () -> build(IamClient.builder(), "iam", ctx.account(), Region.AWS_GLOBAL, creds));
    }

    /**
     * A client of any other service, built like {@link #ec2}: same HTTP client, retries, endpoint override and
     * credentials, cached per (service, account, region). {@code builder} supplies the service's builder with any
     * service-specific settings (S3's path-style addressing, say); it runs once per cache entry.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(
            String service, ActionContext ctx, Supplier<B> builder) {
        Region region = region(ctx);
        AwsCredentialsProvider creds = credentials(ctx);
        return client(
                service, ctx.account(), region, () -> build(builder.get(), service, ctx.account(), region, creds));
    }

    /**
     * A signed JSON-protocol client of {@code service} ({@code guardduty}, {@code securityhub}, {@code wafv2}: APIs whose SDK
     * modules this build lacks) in the context's account and region, with this object's credentials and endpoint
     * override and one shared JDK HTTP client; cached like the SDK clients.
     */
    public AwsJsonClient json(String service, ActionContext ctx) {
        Region region = region(ctx);
        AwsCredentialsProvider creds = credentials(ctx);
        return client(
                "json:" + service,
                ctx.account(),
                region,
                () -> new AwsJsonClient(service, region.id(), settings.endpointOverride(), creds, jsonHttp())
                        .beforeEachCall(checkingFence(new ThrottledReads(service, ctx.account(), region.id())::check))
                        .beforeEachAttempt(this::checkFence));
    }

    Region region(ActionContext ctx) {
        return Region.of(ctx.region() == null || ctx.region().isBlank() ? settings.region() : ctx.region());
    }

    /**
     * The base credentials, or with an assume-role template the role in the context's account. The event's id
     * names the role session (CloudTrail in the target account then shows which event Riposte acted on).
     */
    AwsCredentialsProvider credentials(ActionContext ctx) {
        if (settings.assumeRole() == null || ctx.account() == null) {
            return baseCredentials;
        }
        AssumedRole role = roles.computeIfAbsent(ctx.account(), AssumedRole::new);
        role.nextSessionName =
                sessionName(ctx.event() == null ? null : ctx.event().id());
        return role;
    }

    static String sessionName(String eventId) {
        String id = eventId == null ? "manual" : eventId.replaceAll("[^\\w+=,.@-]", "");
        if (id.isEmpty()) {
            id = "event";
        }
        return "riposte-" + (id.length() > SESSION_ID_PREFIX ? id.substring(0, SESSION_ID_PREFIX) : id);
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkAutoCloseable> C client(String service, String account, Region region, Supplier<C> factory) {
        String key = service + "|" + (account == null ? "" : account) + "|" + region.id();
        // the entry is made at once; the client is built outside the map, so no other key waits for it
        return (C) clients.computeIfAbsent(key, k -> new Cached()).get(factory);
    }

    /**
     * One cache entry's client, built by the first caller (the others of that key wait for it; a build that fails is
     * tried again by the next caller). Building an SDK client takes long the first time (class loading, endpoint
     * rules), and inside {@code computeIfAbsent} it held up every caller whose key fell in the same bin of the map.
     */
    private static final class Cached {
        private volatile SdkAutoCloseable client;

        SdkAutoCloseable get(Supplier<? extends SdkAutoCloseable> factory) {
            SdkAutoCloseable c = client;
            if (c == null) {
                synchronized (this) {
                    c = client;
                    if (c == null) {
                        c = factory.get();
                        client = c;
                    }
                }
            }
            return c;
        }

        void close() {
            SdkAutoCloseable c = client;
            if (c != null) {
                c.close();
            }
        }
    }

    /** @param service our name of the service ({@code ec2}, as in plans) for the rate limits of investigation reads; null for none */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, String service, String account, Region region, AwsCredentialsProvider creds) {
        builder.httpClient(http).region(region).credentialsProvider(creds).overrideConfiguration(o -> {
            o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofMinutes(2));
            o.addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    checkFence(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                }

                // again before every attempt, after signing and any rate-limit wait: the last hook before the bytes
                // leave, so a retry's backoff or a pause (kill -STOP, a long GC) since the first check cannot carry
                // a request of a replica that lost the rules meanwhile
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    checkFence(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                }
            });
            if (service != null) {
                o.addExecutionInterceptor(new ThrottledReads(service, account, region.id()));
            }
        });
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    private HttpClient jsonHttp() {
        HttpClient h = jsonHttp;
        if (h == null) {
            synchronized (this) {
                if (jsonHttp == null) {
                    jsonHttp = AwsJsonClient.newHttpClient();
                }
                h = jsonHttp;
            }
        }
        return h;
    }

    private StsClient sts() {
        StsClient s = sts;
        if (s == null) {
            synchronized (this) {
                if (sts == null) {
                    Region region = Region.of(settings.region());
                    sts = build(StsClient.builder(), null, null, region, baseCredentials);
                }
                s = sts;
            }
        }
        return s;
    }

    /** Credentials of the responder role in one account, refreshed {@link #REFRESH_BEFORE_EXPIRY} before they expire. */
    final class AssumedRole implements AwsCredentialsProvider {
        private final String account;
        private AwsSessionCredentials cached;
        volatile String nextSessionName = sessionName(null);

        AssumedRole(String account) {
            this.account = account;
        }

        @Override
        public synchronized AwsCredentials resolveCredentials() {
            Instant now = clock.instant();
            if (cached == null
                    || cached.expirationTime()
                            .map(e -> !now.isBefore(e.minus(REFRESH_BEFORE_EXPIRY)))
                            .orElse(true)) {
                AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                        .roleArn(settings.roleArn(account))
                        .roleSessionName(nextSessionName)
                        .durationSeconds(SESSION_SECONDS);
                if (settings.externalId() != null) {
                    request.externalId(settings.externalId());
                }
                Credentials c = sts().assumeRole(request.build()).credentials();
                cached = AwsSessionCredentials.builder()
                        .accessKeyId(c.accessKeyId())
                        .secretAccessKey(c.secretAccessKey())
                        .sessionToken(c.sessionToken())
                        .expirationTime(c.expiration())
                        .accountId(account)
                        .providerName("riposte-assume-role")
                        .build();
            }
            return cached;
        }
    }

    @Override
    public void close() {
        clients.values().forEach(Cached::close);
        clients.clear();
        if (sts != null) {
            sts.close();
        }
        http.close();
    }
}
