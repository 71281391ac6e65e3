package dev.riposte.aws.sqs;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** Opens an {@link SqsQueue}. Public: the SQS source calls it; the SDK stays inside this package. */
public final class SqsQueues {

    private SqsQueues() {}

    /**
     * A client for {@code endpoint}: the URL-connection HTTP client (chosen explicitly: the SDK would otherwise
     * pick whichever is on the class path), STANDARD retries, and a socket timeout longer than the
     * longest long poll (20 s). Nothing is sent until the first call.
     *
     * @throws IllegalArgumentException when the credentials provider class cannot be used
     */
    public static SqsQueue connect(SqsEndpoint endpoint) {
        SqsClientBuilder b = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(40))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .build())
                .credentialsProvider(credentials(endpoint.credentialsProvider().orElse(null)));
        endpoint.endpointOverride().ifPresent(b::endpointOverride);
        // an emulator does not care about the region, but the SDK needs one
        endpoint.region()
                .or(() -> endpoint.endpointOverride().map(u -> "us-east-1"))
                .ifPresent(r -> b.region(Region.of(r)));
        try {
            return new SdkSqsQueue(b.build(), endpoint);
        } catch (SdkException e) {
            throw new IllegalArgumentException(
                    "cannot set up the SQS client for " + endpoint.queue() + ": " + e.getMessage()
                            + " (set mp.messaging.incoming.events.region)",
                    e);
        }
    }

    static AwsCredentialsProvider credentials(String className) {
        if (className == null || className.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        try {
            Object p = Class.forName(className.strip()).getMethod("create").invoke(null);
            if (p instanceof AwsCredentialsProvider provider) {
                return provider;
            }
            throw new IllegalArgumentException(
                    "credentials-provider " + className + " is not an AwsCredentialsProvider");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(
                    "credentials-provider " + className
                            + " must be an AwsCredentialsProvider class with a static create(): " + e,
                    e);
        }
    }
}
