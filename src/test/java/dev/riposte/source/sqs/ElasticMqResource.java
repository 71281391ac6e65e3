package dev.riposte.source.sqs;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** ElasticMQ with one queue, started before Quarkus, and the configuration that points {@code serve} at it. */
public class ElasticMqResource implements QuarkusTestResourceLifecycleManager {
    static ElasticMq sqs;
    static String queueUrl;
    static Path work;
    static int managementPort;

    @Override
    public Map<String, String> start() {
        sqs = ElasticMq.onFreePort();
        queueUrl = sqs.createQueue("riposte-events", 5, 3);
        try {
            work = Files.createTempDirectory("riposte-sqs-quarkus");
            Path rules = Files.createDirectories(work.resolve("rules/sqs"));
            Files.writeString(
                    rules.resolve("isolate.drl"),
                    Harness.DRL.replace(
                            "ActionCommand.of(\"test:isolate-host\", $r.id())",
                            "ActionCommand.of(\"notify:log\", $r.id()).with(\"message\", \"host compromised\")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ServerSocket free = new ServerSocket(0)) {
            managementPort = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("quarkus.management.test-port", String.valueOf(managementPort)),
                Map.entry("mp.messaging.incoming.events.queue.url", queueUrl),
                Map.entry(
                        "mp.messaging.incoming.events.endpoint-override",
                        sqs.endpoint().toString()),
                Map.entry("mp.messaging.incoming.events.region", "us-east-1"),
                Map.entry(
                        "mp.messaging.incoming.events.credentials-provider",
                        AnonymousCredentialsProvider.class.getName()),
                Map.entry("mp.messaging.incoming.events.wait-time-seconds", "1"),
                Map.entry("riposte.rules.dir", work.resolve("rules").toString()),
                Map.entry("riposte.audit.file", work.resolve("audit.jsonl").toString()),
                Map.entry("riposte.state.dir", work.resolve("state").toString()),
                Map.entry("riposte.ingest.token", "s3cret-token"));
    }

    @Override
    public void stop() {
        if (sqs != null) {
            sqs.close();
        }
    }
}
