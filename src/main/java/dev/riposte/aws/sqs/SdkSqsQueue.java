package dev.riposte.aws.sqs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** {@link SqsQueue} on the SDK's synchronous client; every SDK failure becomes {@link SqsUnavailableException}. */
final class SdkSqsQueue implements SqsQueue {
    private final SqsClient client;
    private final SqsEndpoint endpoint;
    private volatile String url;

    SdkSqsQueue(SqsClient client, SqsEndpoint endpoint) {
        this.client = client;
        this.endpoint = endpoint;
        this.url = endpoint.isUrl() ? endpoint.queue() : null;
    }

    @Override
    public String url() {
        String u = url;
        if (u == null) {
            u = call(
                    "GetQueueUrl",
                    () -> client.getQueueUrl(GetQueueUrlRequest.builder()
                                    .queueName(endpoint.queue())
                                    .build())
                            .queueUrl());
            url = u;
        }
        return u;
    }

    @Override
    public List<QueueMessage> receive(int max, int waitSeconds, Integer visibilityTimeout) {
        ReceiveMessageRequest.Builder b = ReceiveMessageRequest.builder()
                .queueUrl(url())
                .maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds)
                // only the system attributes we use; message attributes (such as _classname) are not even fetched
                .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP);
        if (visibilityTimeout != null) {
            b.visibilityTimeout(visibilityTimeout);
        }
        ReceiveMessageRequest request = b.build();
        List<Message> received =
                call("ReceiveMessage", () -> client.receiveMessage(request).messages());
        List<QueueMessage> out = new ArrayList<>(received.size());
        for (Message m : received) {
            Map<MessageSystemAttributeName, String> a = m.attributes();
            String count = a.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
            String sent = a.get(MessageSystemAttributeName.SENT_TIMESTAMP);
            out.add(new QueueMessage(
                    m.messageId(),
                    m.receiptHandle(),
                    m.body(),
                    count == null ? 1 : Integer.parseInt(count),
                    sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent))));
        }
        return out;
    }

    @Override
    public Map<QueueMessage, String> deleteBatch(List<QueueMessage> messages) {
        if (messages.isEmpty() || messages.size() > 10) {
            throw new IllegalArgumentException("a batch holds 1 to 10 messages, got " + messages.size());
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id("m" + i)
                    .receiptHandle(messages.get(i).receiptHandle())
                    .build());
        }
        DeleteMessageBatchResponse r = call(
                "DeleteMessageBatch",
                () -> client.deleteMessageBatch(DeleteMessageBatchRequest.builder()
                        .queueUrl(url())
                        .entries(entries)
                        .build()));
        Map<QueueMessage, String> failed = new LinkedHashMap<>();
        for (BatchResultErrorEntry e : r.failed()) {
            failed.put(messages.get(Integer.parseInt(e.id().substring(1))), e.code() + ": " + e.message());
        }
        return failed;
    }

    @Override
    public void changeVisibility(QueueMessage message, int seconds) {
        call(
                "ChangeMessageVisibility",
                () -> client.changeMessageVisibility(ChangeMessageVisibilityRequest.builder()
                        .queueUrl(url())
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(seconds)
                        .build()));
    }

    @Override
    public QueueAttributes attributes() {
        Map<QueueAttributeName, String> a = call(
                "GetQueueAttributes",
                () -> client.getQueueAttributes(GetQueueAttributesRequest.builder()
                                .queueUrl(url())
                                .attributeNames(QueueAttributeName.ALL)
                                .build())
                        .attributes());
        RedrivePolicy redrive = RedrivePolicy.parse(a.get(QueueAttributeName.REDRIVE_POLICY));
        return new QueueAttributes(
                intOr(a.get(QueueAttributeName.VISIBILITY_TIMEOUT), 30),
                redrive.maxReceiveCount(),
                redrive.deadLetterTargetArn(),
                intOr(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), 0),
                intOr(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), 0));
    }

    private static int intOr(String v, int fallback) {
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
    }

    private <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            String m = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new SqsUnavailableException("SQS " + operation + " on " + endpoint.queue() + " failed: " + m, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
