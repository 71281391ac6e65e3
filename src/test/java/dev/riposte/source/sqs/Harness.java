package dev.riposte.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.JsonlAuditSink;
import dev.riposte.aws.sqs.SqsEndpoint;
import dev.riposte.aws.sqs.SqsQueue;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.Throttle;
import dev.riposte.idempotency.IdempotencyCheck;
import dev.riposte.normalize.Normalizer;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One Riposte "process" for the SQS tests: a real pipeline (normalizer, compiled DRL, dispatcher with a live
 * action against WireMock, optional idempotency over a state folder, JSONL audit) behind a real consumer.
 */
final class Harness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DRL = """
            package rules.sqs;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;

            rule "isolate compromised hosts"
            when
                $e : SecurityEvent(source == "custom", type == "Host Compromised")
                $r : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(ActionCommand.of("test:isolate-host", $r.id()));
            end
            """;
    private static RuleSet rules;

    final Path auditFile;
    final Path quarantineFile;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Pipeline pipeline;
    final SqsConsumer consumer;
    private final IdempotencyCheck idempotency;

    private Harness(
            SqsQueue queue,
            Path dir,
            boolean dryRun,
            URI actionBase,
            Path stateDir,
            SqsSettings settings,
            Throttle throttle) {
        this.auditFile = dir.resolve("audit.jsonl");
        this.quarantineFile = settings.quarantineFile();
        List<DispatchCheck> checks = new ArrayList<>();
        idempotency = stateDir == null ? null : new IdempotencyCheck(stateDir);
        if (idempotency != null) {
            checks.add(idempotency);
        }
        Dispatcher dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(new IsolateHostAction(actionBase))),
                new DispatchSettings(dryRun, false),
                checks,
                throttle);
        Normalizer normalizer = new Normalizer();
        pipeline = new Pipeline(normalizer, rules(), dispatcher, new JsonlAuditSink(auditFile, JSON), false, dryRun);
        EventHandler handler = new EventHandler(
                () -> pipeline, normalizer, JSON, new Quarantine(quarantineFile), new ResourceLocks(1024));
        consumer = new SqsConsumer(queue, handler, settings, registry);
    }

    static Harness start(
            SqsQueue queue, Path dir, boolean dryRun, URI actionBase, Path stateDir, SqsSettings settings) {
        return start(queue, dir, dryRun, actionBase, stateDir, settings, Throttle.NONE);
    }

    static Harness start(
            SqsQueue queue,
            Path dir,
            boolean dryRun,
            URI actionBase,
            Path stateDir,
            SqsSettings settings,
            Throttle throttle) {
        Harness h = new Harness(queue, dir, dryRun, actionBase, stateDir, settings, throttle);
        h.consumer.start();
        return h;
    }

    static synchronized RuleSet rules() {
        if (rules == null) {
            CompileResult r = RuleCompiler.compile(List.of(new RuleFile("sqs/isolate.drl", DRL)), Duration.ofHours(1));
            assertThat(r.problems()).isEmpty();
            rules = r.ruleSet();
        }
        return rules;
    }

    /** Test settings: 1 s long polls, short retry delays and grace. */
    static SqsSettings settings(SqsEndpoint endpoint, int visibility, int concurrency, Path quarantineFile) {
        return settings(endpoint, visibility, concurrency, quarantineFile, Duration.ofSeconds(5));
    }

    static SqsSettings settings(
            SqsEndpoint endpoint, int visibility, int concurrency, Path quarantineFile, Duration grace) {
        return new SqsSettings(
                true,
                Optional.of(endpoint),
                1,
                Optional.of(visibility),
                10,
                concurrency,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                grace,
                quarantineFile);
    }

    /** A custom EventBridge event; "Host Compromised" makes the rule isolate {@code instanceId}. */
    static String event(String id, String type, String instanceId) {
        return """
                {"version":"0","id":"%s","detail-type":"%s","source":"com.example.edr","account":"111122223333",
                 "time":"%s","region":"us-east-1",
                 "resources":["arn:aws:ec2:us-east-1:111122223333:instance/%s"],"detail":{"severity":"high"}}
                """.formatted(id, type, Instant.now(), instanceId);
    }

    List<JsonNode> audit() {
        if (!Files.exists(auditFile)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String l : Files.readAllLines(auditFile)) {
                out.add(JSON.readTree(l));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> quarantined() {
        if (!Files.exists(quarantineFile)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String l : Files.readAllLines(quarantineFile)) {
                out.add(JSON.readTree(l));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }

    static void await(Duration max, String what, BooleanSupplier done) {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        consumer.stop();
        pipeline.close();
        if (idempotency != null) {
            idempotency.close();
        }
    }
}
