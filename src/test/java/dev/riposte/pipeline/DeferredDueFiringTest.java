package dev.riposte.pipeline;

import static dev.riposte.pipeline.CorrelationSurvivesTest.decisions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.dynamodb.MotoState;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.guard.TestClock;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A firing that came due on the owner (an absence window that closed) and whose command was deferred there (rate
 * limited: held back for the owner's next tick, in its memory) is carried out once by whoever runs the rules next: the
 * owner that takes over from a dead one, or the same owner after a hot reload. Two pipelines on one DynamoDB table
 * (moto), the built-in rules, the service's clock moved by the test.
 */
class DeferredDueFiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_RESTARTED =
            "CloudTrail logging stopped and not restarted within 10 minutes: start logging";
    private static final String STOP_ID = "9e5f6071-8293-4eaf-8c1b-3c4d5e6f7081";

    @RegisterExtension
    static final MotoState moto = new MotoState();

    final TestClock clock = new TestClock(Instant.parse("2024-05-01T12:00:00Z"));
    final List<AuditRecord> audit = Collections.synchronizedList(new ArrayList<>());
    final List<AutoCloseable> open = new ArrayList<>();
    final String table = moto.createTable();
    /** The rate limits of start-logging: while true its commands are deferred, as a spent budget defers them. */
    volatile boolean budgetSpent = true;

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A replica's pipeline on the shared table: as a new process opens it. */
    Pipeline replica(RuleSet rules) {
        DynamoStateBackend state = moto.backend(table);
        DispatchCheck rateLimits = attempt -> budgetSpent && attempt.spec().id().equals("cloudtrail:start-logging")
                ? Optional.of(new DispatchCheck.Stop(
                        Outcome.RATE_LIMITED, "deferred: rate limit cloudtrail StartLogging spent"))
                : Optional.empty();
        Dispatcher d = new Dispatcher(
                new ActionCatalogue(List.of(
                        new CorrelationSurvivesTest.PlanOnly("notify:log"),
                        new CorrelationSurvivesTest.PlanOnly("cloudtrail:start-logging"))),
                DispatchSettings.defaults(),
                List.of(rateLimits));
        AuditSink sink = audit::add;
        Pipeline p = Pipeline.builder(new Normalizer(), rules, d, sink, false, true)
                .clock(clock)
                .journaling(state.journal(), 20_000)
                .build();
        open.add(p);
        return p;
    }

    List<AuditRecord> take(Pipeline p, String sample, int line, Duration lag) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readAllLines(Path.of("samples/cloudtrail", sample, "events.jsonl"))
                        .get(line));
        clock.moveForwardTo(
                Instant.parse(event.path("detail").path("eventTime").asText()).plus(lag));
        return p.process(event, "test").records();
    }

    /** The owner: StopLogging at 12:20, the window closes at 12:30 and its start-logging is deferred. */
    Pipeline ownerWithADeferredDueFiring() throws IOException {
        Pipeline owner = replica(CorrelationSurvivesTest.builtIn());
        take(owner, "stop-logging-not-restarted", 0, Duration.ofSeconds(30));
        clock.moveForwardTo(Instant.parse("2024-05-01T12:30:01Z"));
        assertThat(decisions(owner.tick().records()))
                .containsExactly(STOP_ID + " cloudtrail:start-logging rate-limited " + NOT_RESTARTED);
        // the owner goes on taking events a rule can reach (journaled after the window closed): a failed console login
        take(owner, "console-brute-force-then-success", 0, Duration.ofSeconds(20));
        return owner;
    }

    private List<String> startLoggingRecords() {
        return audit.stream()
                .filter(r -> NOT_RESTARTED.equals(r.rule()))
                .map(r -> r.eventId() + " " + r.outcome().value())
                .toList();
    }

    @Test
    void aDueFiringDeferredOnAnOwnerThatDiesIsCarriedOutOnceByTheNextOwner() throws IOException {
        ownerWithADeferredDueFiring(); // then killed: its held-back firing was only in its memory
        budgetSpent = false;
        clock.moveForwardTo(Instant.parse("2024-05-01T13:01:00Z"));

        Pipeline next = replica(CorrelationSurvivesTest.builtIn());
        List<AuditRecord> warm = next.warmUp().records();

        // failed before: nothing (the warm-up took the firing for one decided before the takeover)
        assertThat(decisions(warm))
                .as("once, after the takeover, audited against the StopLogging")
                .containsExactly(STOP_ID + " cloudtrail:start-logging planned " + NOT_RESTARTED);
        assertThat(warm.get(0).eventTime()).isEqualTo("2024-05-01T12:20:00Z");
        clock.moveForwardTo(Instant.parse("2024-05-01T13:02:00Z"));
        assertThat(decisions(next.tick().records())).isEmpty();

        // a further takeover does not repeat it: it is journaled as carried out
        Pipeline third = replica(CorrelationSurvivesTest.builtIn());
        assertThat(decisions(third.warmUp().records())).isEmpty();
        assertThat(startLoggingRecords()).containsExactly(STOP_ID + " rate-limited", STOP_ID + " planned");
    }

    @Test
    void aDueFiringDeferredBeforeAHotReloadIsCarriedOutOnceNotTwice() throws IOException {
        Pipeline owner = ownerWithADeferredDueFiring();
        budgetSpent = false;

        Pipeline.Result reload = owner.useRules(CorrelationSurvivesTest.compile(List.of()));

        assertThat(decisions(reload.records()))
                .containsExactly(STOP_ID + " cloudtrail:start-logging planned " + NOT_RESTARTED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(decisions(owner.tick().records())).isEmpty();
        assertThat(startLoggingRecords()).containsExactly(STOP_ID + " rate-limited", STOP_ID + " planned");
    }

    @Test
    void aDueFiringStillDeferredAfterTheTakeoverIsKeptForTheNextTickAndCarriedOutOnce() throws IOException {
        ownerWithADeferredDueFiring();
        clock.moveForwardTo(Instant.parse("2024-05-01T13:01:00Z"));
        Pipeline next = replica(CorrelationSurvivesTest.builtIn());
        assertThat(decisions(next.warmUp().records()))
                .containsExactly(STOP_ID + " cloudtrail:start-logging rate-limited " + NOT_RESTARTED);

        budgetSpent = false;
        clock.advance(Duration.ofSeconds(1));
        assertThat(decisions(next.tick().records()))
                .containsExactly(STOP_ID + " cloudtrail:start-logging planned " + NOT_RESTARTED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(decisions(next.tick().records())).isEmpty();
        assertThat(startLoggingRecords())
                .containsExactly(STOP_ID + " rate-limited", STOP_ID + " rate-limited", STOP_ID + " planned");
    }
}
