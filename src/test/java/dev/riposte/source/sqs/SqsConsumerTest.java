package dev.riposte.source.sqs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.riposte.source.sqs.Harness.await;
import static dev.riposte.source.sqs.Harness.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.riposte.aws.sqs.QueueAttributes;
import dev.riposte.aws.sqs.QueueMessage;
import dev.riposte.aws.sqs.SqsQueue;
import dev.riposte.aws.sqs.SqsQueues;
import dev.riposte.dispatch.Throttle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer against ElasticMQ (real SQS protocol) and a pipeline of real parts; the "AWS" action hits WireMock. */
class SqsConsumerTest {
    static ElasticMq sqs;
    static WireMockServer aws;
    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        sqs = ElasticMq.onFreePort();
        aws = new WireMockServer(options().dynamicPort());
        aws.start();
    }

    @AfterAll
    static void stopServers() {
        aws.stop();
        sqs.close();
    }

    @BeforeEach
    void fastAws() {
        aws.resetAll();
        aws.stubFor(post(urlPathMatching("/isolate/.*"))
                .willReturn(aResponse().withStatus(200).withBody("req-1")));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T opened(T c) {
        open.add(c);
        return c;
    }

    private SqsQueue queue(String url) {
        return opened(SqsQueues.connect(sqs.sqsEndpoint(url)));
    }

    private URI awsUrl() {
        return URI.create(aws.baseUrl());
    }

    private static String queueName() {
        return "q" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void thousandEventsWithTwentyMalformed_eachGoodOneAuditedOnce_badOnesQuarantinedWithReason() {
        String url = sqs.createQueue(queueName(), 10, 3);
        List<String> bodies = new ArrayList<>();
        Set<String> goodIds = new HashSet<>();
        for (int i = 0; i < 979; i++) {
            String id = "evt-" + i;
            goodIds.add(id);
            // 50 hosts: several events about one host, processed one at a time
            bodies.add(event(id, i % 2 == 0 ? "Host Compromised" : "Port Scan Seen", "i-%017x".formatted(i % 50)));
        }
        List<String> malformed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            malformed.add(
                    switch (i % 5) {
                        case 0 -> "{\"truncated\": " + i;
                        case 1 -> "not json at all " + i;
                        case 2 -> "{\"hello\": \"an object of no known shape\", \"n\": " + i + "}";
                        case 3 -> "[" + i + ", 2, 3]";
                        default -> "<event id=\"" + i + "\"/>";
                    });
        }
        // interleave: every 50th message is a malformed one
        List<String> mixed = new ArrayList<>(bodies);
        for (int i = 0; i < malformed.size(); i++) {
            mixed.add(i * 50, malformed.get(i));
        }
        sqs.sendAll(url, mixed);
        // the attribute that picks a payload class in the SmallRye connector changes nothing here
        goodIds.add("evt-classname");
        sqs.sendWithClassName(
                url, event("evt-classname", "Host Compromised", "i-0000000000000abcd"), "java.lang.Integer");

        Harness h = opened(Harness.start(
                queue(url),
                dir,
                true,
                awsUrl(),
                null,
                Harness.settings(sqs.sqsEndpoint(url), 10, 10, dir.resolve("quarantine.jsonl"))));
        await(
                Duration.ofSeconds(60),
                "1000 messages processed and deleted",
                () -> h.counter("riposte.sqs.processed") + h.counter("riposte.sqs.quarantined") >= 1000
                        && sqs.depth(url) == 0);
        h.close();
        open.remove(h);

        List<JsonNode> audit = h.audit();
        Map<String, Long> perEvent = audit.stream()
                .filter(r -> !r.path("eventId").isNull())
                .collect(Collectors.groupingBy(r -> r.get("eventId").asText(), Collectors.counting()));
        assertThat(perEvent.keySet()).isEqualTo(goodIds);
        assertThat(perEvent.values()).allMatch(n -> n == 1);
        assertThat(audit)
                .filteredOn(r -> r.get("outcome").asText().equals("planned"))
                .hasSize(491);
        List<JsonNode> rejected = audit.stream()
                .filter(r -> r.get("outcome").asText().equals("rejected"))
                .toList();
        assertThat(rejected).hasSize(20).allSatisfy(r -> {
            assertThat(r.get("error").asText()).isNotBlank();
            assertThat(r.get("input").asText()).startsWith("sqs:");
        });
        assertThat(audit).hasSize(1000);

        List<JsonNode> quarantined = h.quarantined();
        assertThat(quarantined).extracting(q -> q.get("body").asText()).containsExactlyInAnyOrderElementsOf(malformed);
        assertThat(quarantined)
                .allSatisfy(q -> assertThat(q.get("reason").asText()).isNotBlank());
        assertThat(quarantined)
                .anySatisfy(q -> assertThat(q.get("reason").asText()).startsWith("not JSON"));
        assertThat(sqs.drain(url.replaceAll("/([^/]+)$", "/$1-dlq"))).isEmpty();
        assertThat(h.counter("riposte.sqs.received")).isEqualTo(1000);
        assertThat(h.counter("riposte.sqs.processed")).isEqualTo(980);
        assertThat(h.counter("riposte.sqs.quarantined")).isEqualTo(20);
        assertThat(h.counter("riposte.sqs.failed")).isZero();
        assertThat(h.registry.get("riposte.sqs.latency").timer().count()).isEqualTo(1000);
    }

    @Test
    void aRateLimitedCommandIsDeferredNotDropped_theRedeliveryRunsOnlyWhatIsLeft() {
        String url = sqs.createQueue(queueName(), 5, 5);
        // one event about two hosts: two commands, and the "bucket" holds one token
        sqs.send(url, """
                {"version":"0","id":"evt-limited","detail-type":"Host Compromised","source":"com.example.edr","account":"111122223333",
                 "time":"2024-05-01T12:00:00Z","region":"us-east-1",
                 "resources":["arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaaaaaaaaaaaaa",
                              "arn:aws:ec2:us-east-1:111122223333:instance/i-0bbbbbbbbbbbbbbbb"],"detail":{}}
                """);
        AtomicInteger tokens = new AtomicInteger(1);
        Throttle oneToken = (action, account, region, calls) ->
                tokens.getAndDecrement() > 0 ? Throttle.Permit.FREE : new Throttle.Permit(false, 0, "no token (test)");
        Harness h = opened(Harness.start(
                queue(url),
                dir,
                false,
                awsUrl(),
                dir.resolve("state"),
                Harness.settings(sqs.sqsEndpoint(url), 5, 1, dir.resolve("q.jsonl")),
                oneToken));
        await(Duration.ofSeconds(10), "the first delivery", () -> h.audit().size() == 2);
        assertThat(h.audit())
                .extracting(r -> r.get("outcome").asText())
                .containsExactlyInAnyOrder("succeeded", "rate-limited");
        assertThat(h.audit())
                .allSatisfy(r -> assertThat(r.get("rateLimitWaitMs").asLong()).isZero());
        assertThat(sqs.depth(url)).as("the message is kept, not deleted").isEqualTo(1);
        assertThat(aws.countRequestsMatching(
                                postRequestedFor(urlPathMatching("/isolate/.*")).build())
                        .getCount())
                .isEqualTo(1);

        // the limits refill; the message comes back after the retry delay (1 s here) and the held-back host is isolated
        tokens.set(100);
        await(
                Duration.ofSeconds(15),
                "the redelivery to be settled and deleted",
                () -> h.audit().size() == 4 && sqs.depth(url) == 0 && h.counter("riposte.sqs.processed") == 1);
        assertThat(h.audit().subList(2, 4))
                .extracting(r -> r.get("outcome").asText())
                .containsExactlyInAnyOrder("deduplicated", "succeeded");
        aws.verify(1, postRequestedFor(urlPathMatching("/isolate/i-0aaaaaaaaaaaaaaaa")));
        aws.verify(1, postRequestedFor(urlPathMatching("/isolate/i-0bbbbbbbbbbbbbbbb")));
        assertThat(h.counter("riposte.sqs.deferred")).isEqualTo(1);
    }

    @Test
    void killedBetweenTheAwsCallAndTheDelete_redeliveryDoesNotRunTheActionAgain() {
        String url = sqs.createQueue(queueName(), 1, 5);
        Path state = dir.resolve("state");
        sqs.send(url, event("evt-crash", "Host Compromised", "i-0aaaaaaaaaaaaaaaa"));

        // first process: the action runs against "AWS", then the process dies before it can delete the message
        SqsQueue dying = new DyingBeforeDelete(queue(url));
        Harness first = Harness.start(
                dying,
                dir.resolve("first"),
                false,
                awsUrl(),
                state,
                Harness.settings(sqs.sqsEndpoint(url), 1, 2, dir.resolve("q1.jsonl")));
        await(
                Duration.ofSeconds(10),
                "the action to run",
                () -> aws.countRequestsMatching(postRequestedFor(urlPathMatching("/isolate/.*"))
                                                .build())
                                        .getCount()
                                == 1
                        && !first.audit().isEmpty());
        first.close();
        assertThat(first.audit())
                .singleElement()
                .satisfies(r -> assertThat(r.get("outcome").asText()).isEqualTo("succeeded"));
        assertThat(sqs.depth(url)).isEqualTo(1);

        // restarted process over the same state folder: the message comes back, the action does not run again
        Harness second = opened(Harness.start(
                queue(url),
                dir.resolve("second"),
                false,
                awsUrl(),
                state,
                Harness.settings(sqs.sqsEndpoint(url), 1, 2, dir.resolve("q2.jsonl"))));
        await(
                Duration.ofSeconds(15),
                "the redelivered message to be settled",
                () -> !second.audit().isEmpty() && sqs.depth(url) == 0);
        assertThat(second.audit()).singleElement().satisfies(r -> {
            assertThat(r.get("eventId").asText()).isEqualTo("evt-crash");
            assertThat(r.get("outcome").asText()).isEqualTo("deduplicated");
        });
        aws.verify(1, postRequestedFor(urlPathMatching("/isolate/i-0aaaaaaaaaaaaaaaa")));
    }

    @Test
    void anActionSlowerThanTheVisibilityTimeoutRunsOnce() {
        String url = sqs.createQueue(queueName(), 1, 5);
        aws.stubFor(post(urlPathMatching("/isolate/.*"))
                .willReturn(aResponse().withStatus(200).withBody("req-slow").withFixedDelay(3500)));
        sqs.send(url, event("evt-slow", "Host Compromised", "i-0bbbbbbbbbbbbbbbb"));

        // two consumers, each with its own state: only the visibility extension keeps the second one off the message
        Harness a = opened(Harness.start(
                queue(url),
                dir.resolve("a"),
                false,
                awsUrl(),
                dir.resolve("state-a"),
                Harness.settings(sqs.sqsEndpoint(url), 1, 2, dir.resolve("qa.jsonl"))));
        Harness b = opened(Harness.start(
                queue(url),
                dir.resolve("b"),
                false,
                awsUrl(),
                dir.resolve("state-b"),
                Harness.settings(sqs.sqsEndpoint(url), 1, 2, dir.resolve("qb.jsonl"))));
        await(
                Duration.ofSeconds(20),
                "the slow message to be settled",
                () -> a.audit().size() + b.audit().size() >= 1 && sqs.depth(url) == 0);
        sleep(1500); // a second delivery would be under way by now

        aws.verify(1, postRequestedFor(urlPathMatching("/isolate/i-0bbbbbbbbbbbbbbbb")));
        List<JsonNode> all = new ArrayList<>(a.audit());
        all.addAll(b.audit());
        assertThat(all)
                .singleElement()
                .satisfies(r -> assertThat(r.get("outcome").asText()).isEqualTo("succeeded"));
        assertThat(a.counter("riposte.sqs.visibility.extended") + b.counter("riposte.sqs.visibility.extended"))
                .isGreaterThan(0);
    }

    @Test
    void onStopInFlightWorkFinishesWithinTheGraceOrItsMessageIsReleased() {
        aws.stubFor(post(urlPathMatching("/isolate/.*"))
                .willReturn(aResponse().withStatus(200).withBody("req-slow").withFixedDelay(2000)));
        String url = sqs.createQueue(queueName(), 30, 5);

        // grace long enough: stop() waits for the action, then the message is deleted
        sqs.send(url, event("evt-finish", "Host Compromised", "i-0eeeeeeeeeeeeeee1"));
        Harness patient = Harness.start(
                queue(url),
                dir.resolve("patient"),
                false,
                awsUrl(),
                dir.resolve("state"),
                Harness.settings(sqs.sqsEndpoint(url), 30, 2, dir.resolve("q.jsonl"), Duration.ofSeconds(10)));
        await(
                Duration.ofSeconds(10),
                "work in flight",
                () -> patient.consumer.status().inFlight() == 1);
        patient.close();
        assertThat(patient.audit())
                .singleElement()
                .satisfies(r -> assertThat(r.get("outcome").asText()).isEqualTo("succeeded"));
        assertThat(sqs.depth(url)).isZero();

        // grace too short: the work is interrupted and its message is visible again at once, not after 30 s
        String body = event("evt-release", "Host Compromised", "i-0eeeeeeeeeeeeeee2");
        sqs.send(url, body);
        Harness hasty = Harness.start(
                queue(url),
                dir.resolve("hasty"),
                false,
                awsUrl(),
                dir.resolve("state"),
                Harness.settings(sqs.sqsEndpoint(url), 30, 2, dir.resolve("q.jsonl"), Duration.ofMillis(200)));
        await(
                Duration.ofSeconds(10),
                "work in flight",
                () -> hasty.consumer.status().inFlight() == 1);
        sleep(300);
        hasty.close();
        assertThat(sqs.drain(url)).containsExactly(body);
    }

    @Test
    void failuresComeBackAfterGrowingDelaysThenLandInTheDeadLetterQueue() {
        String url = sqs.createQueue(queueName(), 5, 3);
        sqs.send(url, "{\"poison\": true}");
        List<Long> receivedAt = new CopyOnWriteArrayList<>();
        SqsConsumer c = new SqsConsumer(
                queue(url),
                m -> {
                    receivedAt.add(System.nanoTime());
                    throw new IllegalStateException("audit disk full");
                },
                Harness.settings(sqs.sqsEndpoint(url), 5, 1, dir.resolve("q.jsonl")),
                new SimpleMeterRegistry());
        c.start();
        opened(c::stop);
        String dlq = url.replaceAll("/([^/]+)$", "/$1-dlq");
        List<String> dead = new ArrayList<>();
        await(Duration.ofSeconds(20), "the message in the DLQ", () -> {
            dead.addAll(sqs.drain(dlq));
            return !dead.isEmpty();
        });

        assertThat(dead).containsExactly("{\"poison\": true}");
        assertThat(receivedAt).hasSize(3);
        // retry delays: 1 s after the first receive, 2 s after the second (SQS visibility, not a sleep here)
        assertThat(Duration.ofNanos(receivedAt.get(1) - receivedAt.get(0)))
                .isBetween(Duration.ofMillis(900), Duration.ofMillis(4000));
        assertThat(Duration.ofNanos(receivedAt.get(2) - receivedAt.get(1)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        // and it is not handled again: the consumer keeps polling the source queue, which no longer hands it out.
        // (ElasticMQ drops the moved message from the source queue's not-visible count some time after it shows in the
        // DLQ: seen 5 s and more than 20 s apart, so that count is not what this test waits for.)
        sleep(3000);
        assertThat(receivedAt).hasSize(3);
    }

    @Test
    void consumptionResumesWhenSqsComesBack() {
        ElasticMq own = ElasticMq.onFreePort();
        try {
            String name = queueName();
            String url = own.createQueue(name, 5, 3);
            Harness h = opened(Harness.start(
                    opened(SqsQueues.connect(own.sqsEndpoint(url))),
                    dir,
                    true,
                    awsUrl(),
                    null,
                    Harness.settings(own.sqsEndpoint(url), 5, 2, dir.resolve("q.jsonl"))));
            own.send(url, event("evt-before", "Port Scan Seen", "i-0cccccccccccccccc"));
            await(Duration.ofSeconds(10), "the first event", () -> h.audit().size() == 1);
            assertThat(h.consumer.status().connected()).isTrue();

            own.stop();
            await(
                    Duration.ofSeconds(15),
                    "the consumer to notice",
                    () -> !h.consumer.status().connected());
            assertThat(h.consumer.status().lastError()).contains("ReceiveMessage");
            sleep(1500);

            own.start();
            assertThat(own.createQueue(name, 5, 3)).isEqualTo(url); // in-memory: the queue is created again
            own.send(url, event("evt-after", "Port Scan Seen", "i-0cccccccccccccccc"));
            await(
                    Duration.ofSeconds(20),
                    "the event sent after the restart",
                    () -> h.audit().size() == 2);
            assertThat(h.consumer.status().connected()).isTrue();
            assertThat(h.audit()).extracting(r -> r.get("eventId").asText()).containsExactly("evt-before", "evt-after");
            assertThat(h.counter("riposte.sqs.receive.errors")).isGreaterThan(0);
        } finally {
            closeAll0();
            own.close();
        }
    }

    private void closeAll0() {
        try {
            closeAll();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            open.clear();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The process "dies" right before deleting: the delete never reaches SQS. */
    private record DyingBeforeDelete(SqsQueue real) implements SqsQueue {
        @Override
        public List<QueueMessage> receive(int max, int waitSeconds, Integer visibilityTimeout) {
            return real.receive(max, waitSeconds, visibilityTimeout);
        }

        @Override
        public Map<QueueMessage, String> deleteBatch(List<QueueMessage> messages) {
            throw new IllegalStateException("killed before the delete");
        }

        @Override
        public void changeVisibility(QueueMessage message, int seconds) {
            real.changeVisibility(message, seconds);
        }

        @Override
        public QueueAttributes attributes() {
            return real.attributes();
        }

        @Override
        public String url() {
            return real.url();
        }

        @Override
        public void close() {}
    }
}
