package dev.riposte.aws.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * A small SigV4-signed client for the JSON-protocol AWS APIs whose SDK modules this build cannot use (GuardDuty,
 * Security Hub, WAFv2). It is built from the SDK's own parts, so it behaves like the SDK clients beside it: the same
 * credentials (assumed role included), region and endpoint override ({@code aws.client.AwsClients} builds it),
 * the SigV4 signer of {@code http-auth-aws}, STANDARD-mode retries ({@link RetryPolicy}) and AWS errors thrown as
 * {@link AwsServiceException} with code, message and request id. Requests go out through the JDK HTTP client (see
 * {@link #newHttpClient()} for why). Public: the guardduty, securityhub and wafv2 handlers and the findings step call it.
 */
public final class AwsJsonClient implements SdkAutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");
    private static final String USER_AGENT = "riposte aws-json";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Headers the JDK HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** Waits between attempts; tests replace it to run without sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String service;
    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private volatile Consumer<String> beforeCall = operation -> {};
    private volatile Consumer<String> beforeAttempt = operation -> {};

    /**
     * @param service          endpoint prefix and signing name, e.g. {@code guardduty}
     * @param region           region to sign for and, without an override, to call
     * @param endpointOverride {@code riposte.aws.endpoint-override}, or null for the service's regional endpoint
     * @param http             shared JDK HTTP client (see {@link #newHttpClient()})
     */
    public AwsJsonClient(
            String service, String region, URI endpointOverride, AwsCredentialsProvider credentials, HttpClient http) {
        this(service, region, endpointOverride, credentials, http, d -> Thread.sleep(d.toMillis()));
    }

    AwsJsonClient(
            String service,
            String region,
            URI endpointOverride,
            AwsCredentialsProvider credentials,
            HttpClient http,
            Sleeper sleeper) {
        this.service = Objects.requireNonNull(service, "service");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = endpointOverride != null ? endpointOverride : endpoint(service, region);
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.sleeper = sleeper;
    }

    /**
     * The HTTP client to share between JSON clients: the JDK's, HTTP/1.1, 5 s to connect (calls time out after 30 s).
     * Not the SDK's URLConnection client: {@code HttpURLConnection} cannot send {@code PATCH}, which Security Hub's
     * BatchUpdateFindings needs.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code https://guardduty.eu-west-1.amazonaws.com}; China regions use {@code amazonaws.com.cn}. */
    static URI endpoint(String service, String region) {
        return URI.create(
                "https://" + service + "." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
    }

    /**
     * {@code hook} is told each operation before it is sent (once per call, not per retry) and may refuse it by
     * throwing: the rate limits of investigation reads. Public: {@code AwsClients} installs it.
     */
    public AwsJsonClient beforeEachCall(Consumer<String> hook) {
        this.beforeCall = Objects.requireNonNull(hook);
        return this;
    }

    /**
     * {@code hook} is told the operation again just before each attempt is transmitted (after signing and any retry
     * backoff) and may refuse it by throwing: the rules lease's fence, which must hold at the last moment.
     */
    public AwsJsonClient beforeEachAttempt(Consumer<String> hook) {
        this.beforeAttempt = Objects.requireNonNull(hook);
        return this;
    }

    public String service() {
        return service;
    }

    public String region() {
        return region;
    }

    /**
     * Sends {@code op} with {@code params} (path parameters by name, the rest as the JSON body, or the query string of a
     * GET), retrying throttling and transient errors; AWS's error answer is thrown as {@link AwsServiceException}, a
     * transport failure after the last attempt as {@link SdkClientException}.
     */
    public JsonResponse call(JsonOperation op, Map<String, Object> params) {
        if (!op.service().equals(service)) {
            throw new IllegalArgumentException(
                    op.service() + " " + op.name() + " sent through the " + service + " client");
        }
        beforeCall.accept(op.name());
        Prepared prepared = prepare(op, params);
        for (int attempt = 1; ; attempt++) {
            boolean throttled;
            RuntimeException failure;
            try {
                return send(op, prepared);
            } catch (AwsServiceException e) {
                if (!RetryPolicy.retryable(e) || attempt >= RetryPolicy.MAX_ATTEMPTS) {
                    throw e;
                }
                throttled = RetryPolicy.throttling(e);
                failure = e;
            } catch (UncheckedIOException e) {
                if (attempt >= RetryPolicy.MAX_ATTEMPTS) {
                    throw SdkClientException.create(
                            "cannot reach " + service + " at " + endpoint + ": " + e.getCause(), e.getCause());
                }
                throttled = false;
                failure = e;
            }
            try {
                sleeper.sleep(RetryPolicy.delay(attempt, throttled));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(ie);
                throw failure;
            }
        }
    }

    /** The request without signature: signed anew for every attempt (the signature carries the time). */
    private record Prepared(SdkHttpFullRequest request, byte[] body) {}

    private Prepared prepare(JsonOperation op, Map<String, Object> params) {
        Map<String, Object> rest = new LinkedHashMap<>(params == null ? Map.of() : params);
        Matcher m = PATH_PARAM.matcher(op.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            Object v = rest.remove(m.group(1));
            if (v == null || String.valueOf(v).isEmpty()) {
                throw new IllegalArgumentException(op.name() + " needs the path parameter " + m.group(1));
            }
            m.appendReplacement(path, Matcher.quoteReplacement(SdkHttpUtils.urlEncode(String.valueOf(v))));
        }
        m.appendTail(path);
        String base = endpoint.toString().replaceAll("/+$", "");
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .uri(URI.create(base + path))
                .method(SdkHttpMethod.fromValue(op.method()))
                .putHeader("User-Agent", USER_AGENT);
        byte[] body = null;
        if (op.method().equals("GET")) {
            rest.forEach((k, v) -> b.putRawQueryParameter(k, String.valueOf(v)));
        } else {
            try {
                body = JSON.writeValueAsBytes(rest);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        op.name() + " parameters cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
            b.putHeader("Content-Type", op.isJson11() ? "application/x-amz-json-1.1" : "application/json")
                    .putHeader("Content-Length", Integer.toString(body.length));
            if (op.isJson11()) {
                b.putHeader("X-Amz-Target", op.target());
            }
        }
        return new Prepared(b.build(), body);
    }

    private JsonResponse send(JsonOperation op, Prepared p) {
        ContentStreamProvider payload = p.body() == null ? null : ContentStreamProvider.fromByteArrayUnsafe(p.body());
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(p.request())
                .payload(payload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .timeout(CALL_TIMEOUT)
                .method(
                        op.method(),
                        p.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(p.body()));
        // Host and Content-Length were signed; the JDK client derives the same values itself and refuses them as
        // headers
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpRequest built = request.build();
        beforeAttempt.accept(op.name());
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create(service + " " + op.name() + " interrupted", e);
        }
        SdkHttpResponse head = SdkHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .build();
        String text = response.body() == null ? "" : response.body();
        if (!head.isSuccessful()) {
            throw JsonErrors.parse(service, head, text);
        }
        JsonNode body;
        try {
            body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw SdkClientException.create(
                    service + " " + op.name() + " answered with a body that is not JSON: " + e.getOriginalMessage(), e);
        }
        return new JsonResponse(body, JsonErrors.requestId(head));
    }

    /** Nothing of its own to close: the HTTP client is shared and closed by its owner. */
    @Override
    public void close() {}
}
