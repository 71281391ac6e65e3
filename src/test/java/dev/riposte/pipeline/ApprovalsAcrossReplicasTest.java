package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.Concurrently;
import dev.riposte.audit.AuditRecord;
import dev.riposte.aws.dynamodb.DynamoStateBackend;
import dev.riposte.aws.dynamodb.MotoState;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.guard.TestClock;
import dev.riposte.normalize.Normalizer;
import dev.riposte.playbook.PlaybookFile;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.playbook.run.CatalogueActionRules;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas (each its own pipeline, client and approvals) on one DynamoDB table (moto): a playbook step waiting for
 * approval is seen by both, decided on either, and carried out once, by the replica that owns the rules.
 */
class ApprovalsAcrossReplicasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String RULES = """
            package rules.test;
            import dev.riposte.fact.*;
            import dev.riposte.command.*;
            rule "Tor client: respond"
            when
                $e : SecurityEvent(source == "guardduty")
                $i : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(PlaybookRun.of("respond", $i.id()));
            end
            """;
    private static final String PLAYBOOK = """
            id: respond
            description: contain, then stop with an operator's approval
            steps:
              - action: ec2:isolate-instance
              - action: ec2:stop-instance
                approval: required
            """;

    @RegisterExtension
    static final MotoState moto = new MotoState();

    private final TestClock clock = new TestClock(T0);
    private final Counting isolate = new Counting("ec2:isolate-instance");
    private final Counting stop = new Counting("ec2:stop-instance");
    private final List<AuditRecord> audit = Collections.synchronizedList(new ArrayList<>());
    private final String table = moto.createTable();

    @Test
    void anApprovalGivenOnAStandbyIsCarriedOutOnceByTheOwner() throws Exception {
        AtomicBoolean standbyOwns = new AtomicBoolean(false);
        Pipeline owner = replica(new AtomicBoolean(true));
        Pipeline standby = replica(standbyOwns);

        List<AuditRecord> first = owner.process(torFinding(1), "test:1").records();
        assertThat(first).extracting(AuditRecord::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.SKIPPED);
        String id = (String) first.get(1).playbook().get("approval");
        assertThat(standby.approvals().list()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.view())
                    .containsEntry("action", "ec2:stop-instance")
                    .containsEntry("target", instance(1))
                    .containsEntry("eventId", "finding-1")
                    .containsEntry("rule", "Tor client: respond");
        });

        StepDecision d = standby.approveStep(id, "api:bob");
        assertThat(d.refused()).isNull();
        assertThat(d.carriedOut()).as("a standby records the decision only").isFalse();
        assertThat(d.records()).isEmpty();
        assertThat(standby.carryOutApprovals()).isEmpty();
        assertThat(stop.executed).isEmpty();
        assertThat(owner.approvals().list()).isEmpty();

        // the owner's timer tick carries it out; even if both replicas believed they owned the rules, once
        standbyOwns.set(true);
        List<List<AuditRecord>> ticks =
                Concurrently.run(4, List.of(owner::carryOutApprovals, standby::carryOutApprovals));
        List<AuditRecord> carried = ticks.stream().flatMap(List::stream).toList();
        assertThat(carried).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.action()).isEqualTo("ec2:stop-instance");
            assertThat(r.eventId()).isEqualTo("finding-1");
            assertThat(r.rule()).isEqualTo("Tor client: respond");
            assertThat(r.playbook())
                    .containsEntry("approvedBy", "api:bob")
                    .containsEntry("run", first.get(0).playbook().get("run"));
        });
        assertThat(stop.executed).containsExactly(instance(1));
        assertThat(owner.carryOutApprovals()).isEmpty();
        assertThat(owner.approveStep(id, "api:carol").refused())
                .startsWith("approval " + id + " was approved by api:bob at ");
    }

    @Test
    void approveAndRejectRacingOnTwoReplicasDecideOnce() throws Exception {
        Pipeline owner = replica(new AtomicBoolean(true));
        Pipeline standby = replica(new AtomicBoolean(false));
        int incidents = 6;
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= incidents; i++) {
            ids.add((String) owner.process(torFinding(i), "test:" + i)
                    .records()
                    .get(1)
                    .playbook()
                    .get("approval"));
        }
        List<Callable<StepDecision>> work = new ArrayList<>();
        for (String id : ids) {
            work.add(() -> owner.approveStep(id, "api:alice"));
            work.add(() -> standby.rejectStep(id, "api:carol"));
        }
        List<StepDecision> decisions = Concurrently.run(4, work);
        owner.carryOutApprovals();

        List<String> approved = new ArrayList<>();
        for (int i = 0; i < incidents; i++) {
            StepDecision approve = decisions.get(2 * i);
            StepDecision reject = decisions.get(2 * i + 1);
            assertThat(approve.refused() == null)
                    .as("incident %d: exactly one decision counts", i + 1)
                    .isNotEqualTo(reject.refused() == null);
            if (approve.refused() == null) {
                approved.add(instance(i + 1));
                assertThat(reject.refused()).contains("was approved by api:alice");
            } else {
                assertThat(approve.refused()).contains("was rejected by api:carol");
            }
        }
        assertThat(stop.executed).containsExactlyInAnyOrderElementsOf(approved);
        List<AuditRecord> stops = audit.stream()
                .filter(r ->
                        "ec2:stop-instance".equals(r.action()) && r.playbook().get("approval") == null)
                .toList();
        assertThat(stops).as("one record per decided step").hasSize(incidents);
        assertThat(stops.stream().filter(r -> r.outcome() == Outcome.SKIPPED))
                .hasSize(incidents - approved.size())
                .allSatisfy(r -> assertThat(r.error()).contains("rejected by api:carol"));
    }

    @Test
    void aStepNobodyDecidesOnExpiresOnceAndCanNoLongerBeApproved() throws Exception {
        Pipeline owner = replica(new AtomicBoolean(true));
        Pipeline standby = replica(new AtomicBoolean(false));
        String id = (String) owner.process(torFinding(1), "test:1")
                .records()
                .get(1)
                .playbook()
                .get("approval");
        clock.advance(Duration.ofMinutes(61));

        assertThat(standby.approvals().list()).isEmpty();
        assertThat(standby.carryOutApprovals()).isEmpty();
        StepDecision late = standby.approveStep(id, "api:bob");
        assertThat(late.known()).isTrue();
        assertThat(late.refused())
                .isEqualTo("approval " + id + " expired at " + T0.plus(Duration.ofHours(1))
                        + " (riposte.approvals.expiry): it cannot be approved");

        List<AuditRecord> expired = owner.carryOutApprovals();
        assertThat(expired).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.error()).isEqualTo("approval " + id + " expired at " + T0.plus(Duration.ofHours(1)));
        });
        assertThat(owner.carryOutApprovals()).isEmpty();
        assertThat(stop.executed).isEmpty();
        assertThat(standby.rejectStep("unknown", "api:bob").known()).isFalse();
    }

    private Pipeline replica(AtomicBoolean owns) {
        DynamoStateBackend state = moto.backend(table);
        ActionCatalogue catalogue = new ActionCatalogue(List.of(isolate, stop));
        CompileResult rules =
                RuleCompiler.compile(List.of(new RuleFile("test/respond.drl", RULES)), Duration.ofHours(1));
        assertThat(rules.problems()).isEmpty();
        PlaybookSet playbooks = PlaybookSet.load(
                List.of(new PlaybookFile("respond.yaml", PLAYBOOK)), new CatalogueActionRules(catalogue));
        assertThat(playbooks.problems()).isEmpty();
        Dispatcher dispatcher = new Dispatcher(catalogue, new DispatchSettings(false, false));
        return Pipeline.builder(new Normalizer(), rules.ruleSet(), dispatcher, audit::add, true, false)
                .playbooks(() -> playbooks)
                .approvals(new Approvals(state.approvals(), Duration.ofHours(1), clock))
                .owning(owns::get)
                .build();
    }

    private static String instance(int n) {
        return String.format("i-%017x", n);
    }

    /** The GuardDuty EC2 finding about instance number {@code n}. */
    private static ObjectNode torFinding(int n) throws IOException {
        ObjectNode e;
        try (InputStream in =
                ApprovalsAcrossReplicasTest.class.getResourceAsStream("/dispatch/guardduty-ec2-eventbridge.json")) {
            e = (ObjectNode) JSON.readTree(in);
        }
        ObjectNode detail = (ObjectNode) e.get("detail");
        detail.put("id", "finding-" + n);
        ((ObjectNode) detail.get("resource").get("instanceDetails")).put("instanceId", instance(n));
        e.put("id", "evt-" + n);
        e.put("time", T0.plusSeconds(n).toString());
        return e;
    }

    /** Records the targets it was carried out on (the AWS side, across both replicas). */
    static final class Counting implements ActionHandler {
        final String id;
        final List<String> executed = Collections.synchronizedList(new ArrayList<>());

        Counting(String id) {
            this.id = id;
        }

        @Override
        public ActionSpec spec() {
            return ActionSpec.builder(id)
                    .description("test")
                    .targetType("AWS::EC2::Instance")
                    .permissions("ec2:Test")
                    .mutating(true)
                    .build();
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of(new AwsRequest("ec2", "Test", Map.of("Target", ctx.target())));
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            executed.add(ctx.target());
            return ExecutionResult.succeeded(List.of(), "req");
        }
    }
}
