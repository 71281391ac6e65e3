package dev.riposte.aws.sqs;

import java.net.URI;
import java.util.Optional;

/**
 * Where the queue is and how to reach it. Public: the SQS source builds it from configuration.
 *
 * @param queue               queue name or full queue URL
 * @param endpointOverride    SQS endpoint (ElasticMQ, a VPC endpoint); empty for AWS's
 * @param region              AWS region; empty for the SDK's default chain
 * @param credentialsProvider class name of an {@code AwsCredentialsProvider} with a static {@code create()};
 *                            empty for the SDK's default chain
 */
public record SqsEndpoint(
        String queue, Optional<URI> endpointOverride, Optional<String> region, Optional<String> credentialsProvider) {

    public SqsEndpoint {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("SQS queue name or URL is empty");
        }
    }

    boolean isUrl() {
        return queue.startsWith("http://") || queue.startsWith("https://");
    }
}
