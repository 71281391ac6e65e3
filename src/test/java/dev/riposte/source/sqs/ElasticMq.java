package dev.riposte.source.sqs;

import dev.riposte.aws.sqs.SqsEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** ElasticMQ (the SQS protocol, in memory) inside the test JVM, and an SDK client to set queues up and look into them. */
public final class ElasticMq implements AutoCloseable {
    final int port;
    private SQSRestServer server;
    private final SqsClient client;

    private ElasticMq(int port) {
        this.port = port;
        start();
        client = SqsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static ElasticMq onFreePort() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ElasticMq(port);
    }

    void start() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .start();
        server.waitUntilStarted();
    }

    void stop() {
        server.stopAndWait();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    SqsEndpoint sqsEndpoint(String queueUrl) {
        return new SqsEndpoint(
                queueUrl,
                Optional.of(endpoint()),
                Optional.of("us-east-1"),
                Optional.of(AnonymousCredentialsProvider.class.getName()));
    }

    /** A queue without a dead-letter queue; returns its URL. */
    public String createQueue(String name, int visibilitySeconds) {
        return client.createQueue(CreateQueueRequest.builder()
                        .queueName(name)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilitySeconds)))
                        .build())
                .queueUrl();
    }

    /** A queue with a dead-letter queue ({@code name-dlq}) after {@code maxReceiveCount} receives; returns its URL. */
    public String createQueue(String name, int visibilitySeconds, int maxReceiveCount) {
        String dlq = client.createQueue(
                        CreateQueueRequest.builder().queueName(name + "-dlq").build())
                .queueUrl();
        String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder()
                        .queueUrl(dlq)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)
                        .build())
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        return client.createQueue(CreateQueueRequest.builder()
                        .queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                String.valueOf(visibilitySeconds),
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"maxReceiveCount\":\"" + maxReceiveCount + "\",\"deadLetterTargetArn\":\"" + dlqArn
                                        + "\"}"))
                        .build())
                .queueUrl();
    }

    public void send(String queueUrl, String body) {
        client.sendMessage(SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(body)
                .build());
    }

    /** Sends with the attribute the SmallRye connector would use to pick a class: Riposte must ignore it. */
    void sendWithClassName(String queueUrl, String body, String className) {
        client.sendMessage(SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(body)
                .messageAttributes(Map.of(
                        "_classname",
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(className)
                                .build()))
                .build());
    }

    public void sendAll(String queueUrl, List<String> bodies) {
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, bodies.size()); j++) {
                batch.add(SendMessageBatchRequestEntry.builder()
                        .id("m" + j)
                        .messageBody(bodies.get(j))
                        .build());
            }
            var r = client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
            if (!r.failed().isEmpty()) {
                throw new IllegalStateException("send failed: " + r.failed());
            }
        }
    }

    /** Messages not consumed yet: visible, in flight or delayed. */
    public long depth(String queueUrl) {
        Map<QueueAttributeName, String> a = client.getQueueAttributes(GetQueueAttributesRequest.builder()
                        .queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)
                        .build())
                .attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    /** One of the queue's approximate counts ({@code ApproximateNumberOfMessages...}). */
    public long count(String queueUrl, QueueAttributeName what) {
        return Long.parseLong(
                client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(what))
                        .attributes()
                        .get(what));
    }

    /** Takes every message now visible on {@code queueUrl} (a DLQ), bodies only. */
    List<String> drain(String queueUrl) {
        List<String> out = new ArrayList<>();
        while (true) {
            List<Message> got = client.receiveMessage(ReceiveMessageRequest.builder()
                            .queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .build())
                    .messages();
            if (got.isEmpty()) {
                return out;
            }
            for (Message m : got) {
                out.add(m.body());
                client.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** Stops without waiting more than a few seconds: at the end of a test class no one needs the port any more. */
    @Override
    public void close() {
        client.close();
        Thread stopper = new Thread(this::stop, "elasticmq-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
