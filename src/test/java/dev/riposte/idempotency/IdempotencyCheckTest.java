package dev.riposte.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotencyCheckTest {
    private static final String TARGET = "i-0123456789abcdef0";

    @TempDir
    Path state;

    /** Counts live executions; what each returns is up to the test. */
    static final class CountingAction implements ActionHandler {
        final List<String> executed = new ArrayList<>();
        Function<ActionContext, ExecutionResult> result =
                ctx -> ExecutionResult.succeeded(List.of(), "req-" + ctx.target());

        @Override
        public ActionSpec spec() {
            return ActionSpec.builder("ec2:isolate-instance")
                    .description("test")
                    .targetType("AWS::EC2::Instance")
                    .params(
                            ParamSpec.optional("port", ParamSpec.Type.INT, "a port"),
                            ParamSpec.optional("cidr", ParamSpec.Type.STRING, "an address range"))
                    .permissions("ec2:Test")
                    .build();
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(new AwsRequest("ec2", "Test", Map.of("Target", ctx.target())));
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            executed.add(ctx.target()
                    + (ctx.command().params().isEmpty()
                            ? ""
                            : " " + ctx.command().params().get("port")));
            return result.apply(ctx);
        }
    }

    private final CountingAction action = new CountingAction();

    private static SecurityEvent event(String id) {
        return Events.guardDuty("Test").id(id).severity(8.0).build();
    }

    private Dispatcher dispatcher(boolean dryRun, DispatchCheck... checks) {
        return new Dispatcher(
                new ActionCatalogue(List.of(action)), new DispatchSettings(dryRun, false), List.of(checks));
    }

    private DispatchResult run(Dispatcher d, String eventId, String target) {
        return d.dispatch(ActionCommand.of("ec2:isolate-instance", target), event(eventId), false);
    }

    @Test
    void aCommandCarriedOutIsDeduplicatedEvenAfterARestart() {
        try (IdempotencyCheck check = new IdempotencyCheck(state)) {
            assertThat(run(dispatcher(false, check), "e1", TARGET).outcome()).isEqualTo(Outcome.SUCCEEDED);
            DispatchResult again = run(dispatcher(false, check), "e1", TARGET);
            assertThat(again.outcome()).isEqualTo(Outcome.DEDUPLICATED);
            assertThat(again.error())
                    .startsWith("the same command for this event was already carried out at ")
                    .endsWith("(succeeded)");
        }
        try (IdempotencyCheck restarted = new IdempotencyCheck(state)) {
            assertThat(run(dispatcher(false, restarted), "e1", TARGET).outcome())
                    .isEqualTo(Outcome.DEDUPLICATED);
            assertThat(run(dispatcher(false, restarted), "e2", TARGET).outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
            assertThat(run(dispatcher(false, restarted), "e1", "i-0fedcba9876543210")
                            .outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
        }
        assertThat(action.executed).containsExactly(TARGET, TARGET, "i-0fedcba9876543210");
    }

    @Test
    void aFailedCommandMayRunAgain() {
        action.result = ctx -> ExecutionResult.failed("Throttling", List.of());
        try (IdempotencyCheck check = new IdempotencyCheck(state)) {
            assertThat(run(dispatcher(false, check), "e1", TARGET).outcome()).isEqualTo(Outcome.FAILED);
            action.result = ctx -> ExecutionResult.succeeded(List.of(), "req");
            assertThat(run(dispatcher(false, check), "e1", TARGET).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(run(dispatcher(false, check), "e1", TARGET).outcome()).isEqualTo(Outcome.DEDUPLICATED);
        }
        assertThat(action.executed).hasSize(2);
    }

    @Test
    void aCommandStoppedByALaterCheckIsNotMarkedDone() {
        DispatchCheck breaker = new DispatchCheck() {
            boolean open = true;

            @Override
            public Optional<Stop> before(Attempt attempt) {
                return open ? Optional.of(new Stop(Outcome.BREAKER_OPEN, "too many")) : Optional.empty();
            }
        };
        try (IdempotencyCheck check = new IdempotencyCheck(state)) {
            assertThat(run(dispatcher(false, check, breaker), "e1", TARGET).outcome())
                    .isEqualTo(Outcome.BREAKER_OPEN);
            assertThat(run(dispatcher(false, check), "e1", TARGET).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }
        assertThat(action.executed).hasSize(1);
    }

    @Test
    void startedButNeverFinishedIsNotRepeatedBlindly() throws Exception {
        // a process that died in the middle of the AWS call: its claim is on disk, its end is not
        try (IdempotencyCheck dying = new IdempotencyCheck(state)) {
            DispatchCheck.Attempt attempt = attempt("e1", TARGET);
            assertThat(dying.before(attempt)).isEmpty();
            assertThat(dying.claim(attempt)).isEmpty();
        }
        assertThat(Files.readString(state.resolve("idempotency.jsonl"))).contains("\"status\":\"INPROGRESS\"");

        try (IdempotencyCheck restarted = new IdempotencyCheck(state)) {
            DispatchResult r = run(dispatcher(false, restarted), "e1", TARGET);
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.error()).startsWith("interrupted: started at ").contains("whether AWS acted is unknown");
        }
        assertThat(action.executed).isEmpty();

        try (IdempotencyCheck retrying = new IdempotencyCheck(
                state, Duration.ofDays(7), IdempotencyCheck.OnInterrupted.RETRY, Clock.systemUTC())) {
            assertThat(run(dispatcher(false, retrying), "e1", TARGET).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }
        assertThat(action.executed).containsExactly(TARGET);
    }

    /** The process dies in what runs after the idempotency check and before the action (the exempt-tag reads). */
    static final class DyingCheck implements DispatchCheck {
        @Override
        public Optional<Stop> before(Attempt attempt) {
            throw new Killed();
        }
    }

    static final class Killed extends Error {}

    @Test
    void aCrashDuringTheChecksBeforeTheActionLeavesNoIntentBehind() {
        try (IdempotencyCheck dying = new IdempotencyCheck(state)) {
            assertThatThrownBy(() -> run(dispatcher(false, dying, new DyingCheck()), "e1", TARGET))
                    .isInstanceOf(Killed.class);
        }
        assertThat(action.executed).isEmpty();
        try (IdempotencyCheck restarted = new IdempotencyCheck(state)) {
            DispatchResult r = run(dispatcher(false, restarted), "e1", TARGET);
            assertThat(r.outcome())
                    .as("nothing was sent, so nothing is uncertain: %s", r.error())
                    .isEqualTo(Outcome.SUCCEEDED);
        }
        assertThat(action.executed).containsExactly(TARGET);
    }

    @Test
    void theSameCommandInFlightIsNotStartedTwice() {
        try (IdempotencyCheck check = new IdempotencyCheck(state)) {
            DispatchCheck.Attempt first = attempt("e1", TARGET);
            assertThat(check.before(first)).isEmpty();
            assertThat(check.claim(first)).isEmpty();
            Optional<DispatchCheck.Stop> second = check.before(attempt("e1", TARGET));
            assertThat(second).hasValueSatisfying(s -> {
                assertThat(s.outcome()).isEqualTo(Outcome.DEDUPLICATED);
                assertThat(s.reason()).contains("right now");
            });
            check.after(first, new DispatchResult(Mode.LIVE, Outcome.SUCCEEDED, List.of(), "req", null, 1));
            assertThat(check.before(attempt("e1", TARGET)))
                    .hasValueSatisfying(s -> assertThat(s.reason()).contains("already carried out"));
        }
    }

    @Test
    void dryRunNeverTouchesTheStateFolder() {
        Path dir = state.resolve("never");
        try (IdempotencyCheck check = new IdempotencyCheck(dir)) {
            assertThat(run(dispatcher(true, check), "e1", TARGET).outcome()).isEqualTo(Outcome.PLANNED);
            assertThat(run(dispatcher(true, check), "e1", TARGET).outcome()).isEqualTo(Outcome.PLANNED);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void oldEntriesExpireAndATornLastLineIsDropped() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (IdempotencyCheck check = new IdempotencyCheck(
                state, Duration.ofDays(1), IdempotencyCheck.OnInterrupted.SKIP, Clock.fixed(t0, ZoneOffset.UTC))) {
            assertThat(run(dispatcher(false, check), "old", TARGET).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }
        Path file = state.resolve("idempotency.jsonl");
        Files.writeString(file, "{\"time\":\"2026-01-0", StandardOpenOption.APPEND); // crash mid-write
        try (IdempotencyCheck later = new IdempotencyCheck(
                state,
                Duration.ofDays(1),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.fixed(t0.plus(Duration.ofHours(2)), ZoneOffset.UTC))) {
            assertThat(run(dispatcher(false, later), "old", TARGET).outcome()).isEqualTo(Outcome.DEDUPLICATED);
            assertThat(run(dispatcher(false, later), "new", TARGET).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }
        assertThat(Files.readAllLines(file))
                .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        try (IdempotencyCheck muchLater = new IdempotencyCheck(
                state,
                Duration.ofDays(1),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.fixed(t0.plus(Duration.ofDays(3)), ZoneOffset.UTC))) {
            assertThat(run(dispatcher(false, muchLater), "old", TARGET).outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
        }
    }

    private DispatchResult revoke(Dispatcher d, String eventId, int port) {
        // parameters set in a different order each time: compared by value
        ActionCommand c = port % 2 == 0
                ? ActionCommand.of("ec2:isolate-instance", TARGET)
                        .with("port", port)
                        .with("cidr", "0.0.0.0/0")
                : ActionCommand.of("ec2:isolate-instance", TARGET)
                        .with("cidr", "0.0.0.0/0")
                        .with("port", port);
        return d.dispatch(c, event(eventId), false);
    }

    @Test
    void twoCommandsOfOneEventThatDifferOnlyInAParameterAreBothCarriedOutEachOnce() throws Exception {
        // one AuthorizeSecurityGroupIngress opening 22 and 3389: two revokes of the same group for the same event
        try (IdempotencyCheck check = new IdempotencyCheck(state)) {
            assertThat(revoke(dispatcher(false, check), "e1", 22).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(revoke(dispatcher(false, check), "e1", 3389).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(revoke(dispatcher(false, check), "e1", 3389).outcome())
                    .isEqualTo(Outcome.DEDUPLICATED); // redelivery
        }
        try (IdempotencyCheck restarted = new IdempotencyCheck(state)) {
            assertThat(revoke(dispatcher(false, restarted), "e1", 22).outcome()).isEqualTo(Outcome.DEDUPLICATED);
            assertThat(revoke(dispatcher(false, restarted), "e1", 3389).outcome())
                    .isEqualTo(Outcome.DEDUPLICATED);
        }
        assertThat(action.executed).containsExactly(TARGET + " 22", TARGET + " 3389");
        // the parameters are in the record's id as the SHA-256 of their canonical JSON (sorted keys)
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest("{\"cidr\":\"0.0.0.0/0\",\"port\":3389}".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readAllLines(state.resolve("idempotency.jsonl")))
                .anySatisfy(l ->
                        assertThat(l).contains("\"id\":\"e1|ec2:isolate-instance|" + TARGET + "|" + digest + "\""));
    }

    @Test
    void recordsWrittenBeforeParametersWereKeyedStillCountAfterAnUpgrade() throws Exception {
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        // what the version before the state backend wrote: no params, no expiry; e1 done, e2 started and never
        // finished,
        // e3 released
        Files.createDirectories(state);
        Files.write(
                state.resolve("idempotency.jsonl"),
                List.of(
                        "{\"time\":\"" + t0
                                + "\",\"state\":\"started\",\"eventId\":\"e1\",\"action\":\"ec2:isolate-instance\",\"target\":\""
                                + TARGET + "\"}",
                        "{\"time\":\"" + t0
                                + "\",\"state\":\"done\",\"eventId\":\"e1\",\"action\":\"ec2:isolate-instance\",\"target\":\""
                                + TARGET + "\",\"outcome\":\"succeeded\"}",
                        "{\"time\":\"" + t0
                                + "\",\"state\":\"started\",\"eventId\":\"e2\",\"action\":\"ec2:isolate-instance\",\"target\":\""
                                + TARGET + "\"}",
                        "{\"time\":\"" + t0
                                + "\",\"state\":\"released\",\"eventId\":\"e3\",\"action\":\"ec2:isolate-instance\",\"target\":\""
                                + TARGET + "\",\"outcome\":\"failed\"}"));
        for (int restart = 0; restart < 2; restart++) { // the second open reads what the first one compacted
            try (IdempotencyCheck upgraded = new IdempotencyCheck(state)) {
                DispatchResult done = revoke(dispatcher(false, upgraded), "e1", 22);
                assertThat(done.outcome()).isEqualTo(Outcome.DEDUPLICATED);
                assertThat(done.error())
                        .contains("already carried out at " + t0 + " (succeeded)")
                        .contains("before parameters");
                assertThat(run(dispatcher(false, upgraded), "e1", TARGET).outcome())
                        .isEqualTo(Outcome.DEDUPLICATED);
                DispatchResult interrupted = revoke(dispatcher(false, upgraded), "e2", 22);
                assertThat(interrupted.outcome()).isEqualTo(Outcome.SKIPPED);
                assertThat(interrupted.error()).startsWith("interrupted: started at " + t0);
            }
        }
        try (IdempotencyCheck upgraded = new IdempotencyCheck(state)) {
            assertThat(revoke(dispatcher(false, upgraded), "e3", 22).outcome())
                    .isEqualTo(Outcome.SUCCEEDED); // released: may run
            assertThat(revoke(dispatcher(false, upgraded), "e3", 22).outcome()).isEqualTo(Outcome.DEDUPLICATED);
        }
        assertThat(action.executed).containsExactly(TARGET + " 22");
        // compacted into the current format under the legacy id (three parts), still the record that counts
        List<String> lines = Files.readAllLines(state.resolve("idempotency.jsonl"));
        assertThat(lines)
                .filteredOn(l -> l.contains("\"id\":\"e1|ec2:isolate-instance|" + TARGET + "\""))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("\"status\":\"COMPLETED\"")
                        .contains("\"expiry\":\"" + t0.plus(Duration.ofDays(7))));
    }

    @Test
    void badSettingsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> IdempotencyCheck.parse("sometimes"))
                .hasMessage("riposte.idempotency.on-interrupted must be skip or retry, got 'sometimes'");
        assertThatThrownBy(() -> new IdempotencyCheck(
                        state, Duration.ZERO, IdempotencyCheck.OnInterrupted.SKIP, Clock.systemUTC()))
                .hasMessageContaining("riposte.idempotency.retention");
    }

    private DispatchCheck.Attempt attempt(String eventId, String target) {
        ActionCommand c = ActionCommand.of("ec2:isolate-instance", target);
        ActionContext ctx = new ActionContext(c, event(eventId), "111122223333", "us-east-1");
        return new DispatchCheck.Attempt(action.spec(), ctx, Mode.LIVE, action.plan(ctx));
    }
}
