package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.dynamodb.MotoState;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.guard.TestClock;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.RuleSources;
import dev.riposte.state.StateBackend;
import dev.riposte.state.file.FileStateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Correlation survives a restart, a takeover and a hot reload: the built-in rules, real sample events, the journal in
 * the file backend and in DynamoDB (moto_server), the service's clock moved by the test. A window open before still
 * closes and fires, once; what was decided before is neither carried out nor audited again; what fell due while nobody
 * ran the rules fires once, after the warm-up, audited against the event it is about. Without the journal (the control
 * in each test) the same sequence loses the window, as every restart and reload did before.
 */
class CorrelationSurvivesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRUTE_FORCE = "Console login success after repeated failures: notify";
    private static final String STOPPED = "CloudTrail logging stopped or trail deleted: notify";
    private static final String NOT_RESTARTED =
            "CloudTrail logging stopped and not restarted within 10 minutes: start logging";
    private static final String STOP_ID = "9e5f6071-8293-4eaf-8c1b-3c4d5e6f7081";
    private static RuleSet builtIn;

    @RegisterExtension
    static final MotoState moto = new MotoState();

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Instant.parse("2024-05-01T12:00:00Z"));
    final List<AuditRecord> audit = Collections.synchronizedList(new ArrayList<>());
    final List<AutoCloseable> open = new ArrayList<>();
    private String table;

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A fresh state backend of {@code kind} for this test: as a new process would open it, on each call. */
    StateBackend state(String kind) {
        if (kind.equals("file")) {
            StateBackend s = new FileStateBackend(dir.resolve("state"));
            open.add(s);
            return s;
        }
        if (table == null) {
            table = moto.createTable();
        }
        return moto.backend(table);
    }

    static synchronized RuleSet builtIn() {
        if (builtIn == null) {
            builtIn = compile(List.of());
        }
        return builtIn;
    }

    static RuleSet compile(List<RuleFile> extra) {
        List<RuleFile> files = new ArrayList<>(RuleSources.builtIn());
        files.addAll(extra);
        CompileResult r = RuleCompiler.compile(files, Duration.ofHours(1));
        assertThat(r.problems()).isEmpty();
        return r.ruleSet();
    }

    /** The service's pipeline (wall clock, dry-run), journaling to {@code state} (null: no journal). */
    Pipeline pipeline(RuleSet rules, StateBackend state) {
        Dispatcher d = new Dispatcher(
                new ActionCatalogue(List.of(new PlanOnly("notify:log"), new PlanOnly("cloudtrail:start-logging"))),
                DispatchSettings.defaults(),
                List.of());
        AuditSink sink = audit::add;
        Pipeline p = Pipeline.builder(new Normalizer(), rules, d, sink, false, true)
                .clock(clock)
                .journaling(state == null ? null : state.journal(), 20_000)
                .build();
        open.add(p);
        return p;
    }

    /** The sample's events, in order, each taken in {@code lag} after it happened. */
    List<AuditRecord> feed(Pipeline p, String sample, int from, int to, Duration lag) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("samples/cloudtrail", sample, "events.jsonl"));
        List<AuditRecord> out = new ArrayList<>();
        for (String line : lines.subList(from, to)) {
            ObjectNode event = (ObjectNode) JSON.readTree(line);
            out.addAll(take(p, event, lag));
        }
        return out;
    }

    List<AuditRecord> take(Pipeline p, ObjectNode event, Duration lag) {
        clock.moveForwardTo(
                Instant.parse(event.path("detail").path("eventTime").asText()).plus(lag));
        return p.process(event, "test").records();
    }

    /** A copy of the sample's successful login, with its own id, at {@code time}. */
    ObjectNode success(String id, String time) throws IOException {
        List<String> lines =
                Files.readAllLines(Path.of("samples/cloudtrail/console-brute-force-then-success/events.jsonl"));
        ObjectNode e = (ObjectNode) JSON.readTree(lines.get(5));
        ((ObjectNode) e.get("detail")).put("eventID", id).put("eventTime", time);
        return e.put("time", time);
    }

    static List<String> decisions(List<AuditRecord> records) {
        return records.stream()
                .filter(r -> r.rule() != null)
                .map(r -> r.eventId() + " " + r.action() + " " + r.outcome() + " " + r.rule())
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void aBruteForceWindowSpansARestartAndFiresOnce(String backend) throws IOException {
        Pipeline first = pipeline(builtIn(), state(backend));
        assertThat(decisions(feed(first, "console-brute-force-then-success", 0, 5, Duration.ofSeconds(20))))
                .isEmpty();
        // the process dies (nothing closed, nothing flushed but what was written); a new one opens the same state
        Pipeline second = pipeline(builtIn(), state(backend));
        assertThat(second.warmUp().records())
                .as("the failures decided nothing, and nothing is decided again")
                .isEmpty();
        List<AuditRecord> after = feed(second, "console-brute-force-then-success", 5, 6, Duration.ofSeconds(20));
        assertThat(decisions(after))
                .containsExactly("a5c6d7e8-f90a-4b1c-8d2e-000000000099 notify:log planned " + BRUTE_FORCE);
        assertThat(decisions(second.tick().records())).isEmpty();

        // the control: the same restart without the journal forgets the failures
        audit.clear();
        Pipeline forgetful = pipeline(builtIn(), null);
        forgetful.warmUp();
        assertThat(decisions(feed(forgetful, "console-brute-force-then-success", 5, 6, Duration.ofSeconds(20))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void aBruteForceWindowSpansAHotReloadOfAnUnrelatedRuleFileAndNothingDecidedIsRepeated(String backend)
            throws IOException {
        RuleSet v1 = compile(List.of(unrelated("v1")));
        RuleSet v2 = compile(List.of(unrelated("v2")));
        assertThat(v2.version()).isNotEqualTo(v1.version());
        Pipeline p = pipeline(v1, state(backend));
        feed(p, "console-brute-force-then-success", 0, 5, Duration.ofSeconds(20));
        List<AuditRecord> first =
                take(p, success("success-before-reload", "2024-05-01T13:05:00Z"), Duration.ofSeconds(20));
        assertThat(decisions(first)).containsExactly("success-before-reload notify:log planned " + BRUTE_FORCE);
        int audited = audit.size();

        Pipeline.Result reload = p.useRules(v2);
        assertThat(reload.records())
                .as("the decision about the first success is not repeated")
                .isEmpty();
        assertThat(audit).as("nor audited again").hasSize(audited);
        assertThat(p.rulesVersion()).isEqualTo(v2.version());

        List<AuditRecord> second =
                take(p, success("success-after-reload", "2024-05-01T13:06:00Z"), Duration.ofSeconds(20));
        assertThat(decisions(second))
                .as("the failures before the reload still count")
                .containsExactly("success-after-reload notify:log planned " + BRUTE_FORCE);
        assertThat(audit.stream()
                        .filter(r -> BRUTE_FORCE.equals(r.rule()))
                        .map(AuditRecord::eventId)
                        .toList())
                .containsExactly("success-before-reload", "success-after-reload");

        // the control: a reload without the journal drops the failures
        Pipeline forgetful = pipeline(v1, null);
        feed(forgetful, "console-brute-force-then-success", 0, 5, Duration.ofSeconds(20));
        forgetful.useRules(v2);
        assertThat(decisions(take(forgetful, success("success-3", "2024-05-01T13:06:00Z"), Duration.ofSeconds(20))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void anAbsenceWindowThatClosedWhileNobodyRanTheRulesFiresOnceAfterTheRestart(String backend) throws IOException {
        Pipeline first = pipeline(builtIn(), state(backend));
        assertThat(decisions(feed(first, "stop-logging-not-restarted", 0, 1, Duration.ofSeconds(30))))
                .containsExactly(STOP_ID + " notify:log planned " + STOPPED);
        clock.moveForwardTo(Instant.parse("2024-05-01T12:25:00Z"));
        assertThat(decisions(first.tick().records()))
                .as("the window is still open")
                .isEmpty();
        // the owner dies at 12:25; the window closes at 12:30 while nobody runs the rules; a new one starts at 12:34
        clock.moveForwardTo(Instant.parse("2024-05-01T12:34:00Z"));
        Pipeline second = pipeline(builtIn(), state(backend));
        List<AuditRecord> warm = second.warmUp().records();
        assertThat(decisions(warm))
                .as("once, audited against the StopLogging; its notification is not repeated")
                .containsExactly(STOP_ID + " cloudtrail:start-logging planned " + NOT_RESTARTED);
        assertThat(warm.get(0).eventTime()).isEqualTo("2024-05-01T12:20:00Z");
        clock.moveForwardTo(Instant.parse("2024-05-01T12:35:00Z"));
        assertThat(decisions(second.tick().records())).isEmpty();

        // and a third start (a deploy right after) does not repeat it: the journal says it was carried out
        clock.moveForwardTo(Instant.parse("2024-05-01T12:36:00Z"));
        Pipeline third = pipeline(builtIn(), state(backend));
        assertThat(decisions(third.warmUp().records())).isEmpty();
        assertThat(audit.stream().filter(r -> NOT_RESTARTED.equals(r.rule()))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void anAbsenceWindowThatFiredBeforeTheRestartDoesNotFireAgain(String backend) throws IOException {
        Pipeline first = pipeline(builtIn(), state(backend));
        feed(first, "stop-logging-not-restarted", 0, 1, Duration.ofSeconds(30));
        clock.moveForwardTo(Instant.parse("2024-05-01T12:30:01Z"));
        assertThat(decisions(first.tick().records()))
                .containsExactly(STOP_ID + " cloudtrail:start-logging planned " + NOT_RESTARTED);
        clock.moveForwardTo(Instant.parse("2024-05-01T12:33:00Z"));
        Pipeline second = pipeline(builtIn(), state(backend));
        assertThat(decisions(second.warmUp().records())).isEmpty();
        assertThat(audit.stream().filter(r -> NOT_RESTARTED.equals(r.rule()))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "dynamodb"})
    void aRedeliveredEventIsHeldOnceNotTwice(String backend) throws IOException {
        Pipeline first = pipeline(builtIn(), state(backend));
        feed(first, "console-brute-force-then-success", 0, 4, Duration.ofSeconds(20));
        Pipeline second = pipeline(builtIn(), state(backend));
        second.warmUp();
        // the fourth failure again (its message was not deleted before the crash): still four failures, not five
        feed(second, "console-brute-force-then-success", 3, 4, Duration.ofSeconds(30));
        assertThat(decisions(take(second, success("success-1", "2024-05-01T13:05:00Z"), Duration.ofSeconds(20))))
                .isEmpty();
    }

    @Test
    void aStandbyThatTakesOverFromAKilledOwnerClosesTheWindowBeforeItCountsAsOwner() throws Exception {
        DynamoStateBackend stateA = (DynamoStateBackend) state("dynamodb");
        DynamoStateBackend stateB = (DynamoStateBackend) state("dynamodb");
        Pipeline owner = pipeline(builtIn(), stateA);
        RulesOwnership a = RulesOwnership.on(stateA, Duration.ofSeconds(3), "a", () -> {});
        open.add(a);
        a.onTakeover(owner::warmUp).start();
        a.awaitOwnership();
        assertThat(decisions(feed(owner, "stop-logging-not-restarted", 0, 1, Duration.ofSeconds(30))))
                .containsExactly(STOP_ID + " notify:log planned " + STOPPED);

        Pipeline standby = pipeline(builtIn(), stateB);
        RulesOwnership b = RulesOwnership.on(stateB, Duration.ofSeconds(3), "b", () -> {});
        open.add(b);
        List<AuditRecord> warmed = Collections.synchronizedList(new ArrayList<>());
        b.onTakeover(() -> warmed.addAll(standby.warmUp().records())).start();
        assertThat(b.owner()).as("a standby while a holds the lease").isFalse();

        a.halt(); // kill -9: the heartbeat stops, the lease is not given up
        clock.moveForwardTo(Instant.parse("2024-05-01T12:34:00Z")); // the window closed while nobody ran the rules
        b.awaitOwnership();
        assertThat(decisions(warmed))
                .as("carried out by the warm-up, before b counted as owner")
                .containsExactly(STOP_ID + " cloudtrail:start-logging planned " + NOT_RESTARTED);
        assertThat(b.owner()).isTrue();
        assertThat(decisions(standby.tick().records())).isEmpty();
        assertThat(audit.stream().filter(r -> NOT_RESTARTED.equals(r.rule()))).hasSize(1);
        assertThat(audit.stream().filter(r -> STOPPED.equals(r.rule()))).hasSize(1);
    }

    private static RuleFile unrelated(String version) {
        return new RuleFile("custom/unrelated.drl", """
                package rules.custom

                import dev.riposte.fact.SecurityEvent
                import dev.riposte.command.ActionCommand

                rule "unrelated %s"
                when
                    $e : SecurityEvent(source == "health", type == "AWS_EC2_%s")
                then
                    insert(ActionCommand.of("notify:log", $e.id()));
                end
                """.formatted(version, version.toUpperCase()));
    }

    /** A plan-only action: dry-run plans it, nothing calls AWS. */
    record PlanOnly(ActionSpec spec) implements ActionHandler {
        PlanOnly(String id) {
            this(ActionSpec.builder(id)
                    .description("stand-in for " + id)
                    .params(
                            ParamSpec.optional("reason", ParamSpec.Type.ANY, "why"),
                            ParamSpec.optional("message", ParamSpec.Type.ANY, "text"))
                    .mutating(!id.startsWith("notify:"))
                    .build());
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(
                    new AwsRequest(spec.id().split(":")[0], spec.id(), Map.of("target", String.valueOf(ctx.target()))));
        }
    }

    static String id() {
        return UUID.randomUUID().toString();
    }
}
