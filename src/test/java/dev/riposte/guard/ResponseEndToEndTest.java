package dev.riposte.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.normalize.Normalizer;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.pipeline.StepDecision;
import dev.riposte.playbook.PlaybookFile;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.run.Approvals;
import dev.riposte.playbook.run.CatalogueActionRules;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events in, through real rules, playbooks, guard rails and dispatcher, to requests on the wire and audit records out. */
class ResponseEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = """
            package rules.test;

            import dev.riposte.fact.*;
            import dev.riposte.command.*;

            rule "Tor client: respond"
            when
                $e : SecurityEvent(source == "guardduty", type == "UnauthorizedAccess:EC2/TorClient")
                $i : Resource(type == "AWS::EC2::Instance") from $e.resources
            then
                insert(%s);
            end

            rule "Security group opened to the world: revoke"
            when
                $e : SecurityEvent(source == "cloudtrail", type == "AuthorizeSecurityGroupIngress")
                $g : Resource(type == "AWS::EC2::SecurityGroup") from $e.resources
            then
                insert(ActionCommand.of("ec2:revoke-open-ingress", $g.id()));
            end
            """;
    private static final String PLAYBOOK = """
            id: respond
            description: contain a Tor-talking instance
            steps:
              - action: ec2:snapshot-volumes
                on-failure: %s
              - action: ec2:isolate-instance
                params: {reason: "Tor from ${resource.id} in ${event.account}"}
              - action: ec2:stop-instance
                approval: required
              - action: notify:test
            """;

    @TempDir
    Path state;

    private final WireMockServer aws = new WireMockServer(options().dynamicPort());
    private final List<AuditRecord> audit = new ArrayList<>();
    private final List<AlertSink.Alert> alerts = new ArrayList<>();
    private final TestClock clock = new TestClock(Events.T0);
    private ActionCatalogue catalogue;

    @BeforeEach
    void start() {
        aws.start();
        aws.stubFor(post(urlPathMatching("/.*")).willReturn(ok()));
        catalogue = new ActionCatalogue(List.of(
                new WireHandler("ec2:isolate-instance", true, aws.baseUrl()),
                new WireHandler("ec2:snapshot-volumes", true, aws.baseUrl()),
                new WireHandler("ec2:stop-instance", true, aws.baseUrl()),
                new WireHandler("ec2:revoke-open-ingress", true, aws.baseUrl()),
                new WireHandler("notify:test", false, aws.baseUrl())));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    private Pipeline pipeline(String command, String onFailure, GuardSettings s) {
        CompileResult rules = RuleCompiler.compile(
                List.of(new RuleFile("test/respond.drl", RULES.formatted(command))), Duration.ofHours(1));
        assertThat(rules.problems()).isEmpty();
        PlaybookSet playbooks = PlaybookSet.load(
                List.of(new PlaybookFile("respond.yaml", PLAYBOOK.formatted(onFailure))),
                new CatalogueActionRules(catalogue));
        assertThat(playbooks.problems()).isEmpty();
        Breaker breaker = new Breaker(s, List.of(alerts::add), clock);
        Dispatcher dispatcher = new Dispatcher(
                catalogue, new DispatchSettings(false, false), List.of(new GuardRails(s, null, breaker, clock)));
        AuditSink sink = audit::add;
        return Pipeline.builder(new Normalizer(), rules.ruleSet(), dispatcher, sink, true, false)
                .playbooks(() -> playbooks)
                .approvals(new Approvals(Duration.ofHours(1), clock))
                .build();
    }

    private static ObjectNode fixture(String path) throws IOException {
        try (InputStream in = ResponseEndToEndTest.class.getResourceAsStream(path)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** The GuardDuty Tor finding about instance number {@code n}, {@code n} seconds after the first. */
    private static ObjectNode torFinding(int n) throws IOException {
        ObjectNode e = fixture("/dispatch/guardduty-ec2-eventbridge.json");
        String id = String.format("i-%017x", n);
        ObjectNode detail = (ObjectNode) e.get("detail");
        detail.put("id", "finding-" + n);
        ((ObjectNode) detail.get("resource").get("instanceDetails")).put("instanceId", id);
        e.put("id", "evt-" + n);
        e.put("time", Events.T0.plusSeconds(n).toString());
        detail.put("updatedAt", Events.T0.plusSeconds(n).toString());
        return e;
    }

    private int calls(String path) {
        return aws.findAll(postRequestedFor(urlPathMatching(path))).size();
    }

    private List<String> steps(List<AuditRecord> records) {
        return records.stream()
                .map(r -> r.playbook().get("step") + " " + r.action() + " " + r.outcome())
                .toList();
    }

    @Test
    void fiftyIsolationWorthyEventsInAMinuteWithBreakerLimitFive() throws IOException {
        GuardSettings s = GuardSettings.defaults(state).withBreaker(5, 5, Duration.ofMinutes(10));
        try (Pipeline p = pipeline("ActionCommand.of(\"ec2:isolate-instance\", $i.id())", "stop", s)) {
            for (int i = 1; i <= 50; i++) {
                clock.advance(Duration.ofMillis(1200)); // 50 events within a minute
                p.process(torFinding(i), "test:" + i);
            }
        }
        assertThat(calls("/ec2/isolate-instance/.*")).isEqualTo(5);
        assertThat(audit)
                .extracting(AuditRecord::outcome)
                .containsExactlyElementsOf(Stream.concat(
                                Collections.nCopies(5, Outcome.SUCCEEDED).stream(),
                                Collections.nCopies(45, Outcome.BREAKER_OPEN).stream())
                        .toList());
        assertThat(Files.readAllLines(state.resolve("breaker-parked.jsonl"))).hasSize(45);
        assertThat(alerts).hasSize(1);
    }

    @Test
    void aPlaybookRunIsAuditedStepByStepAndAnApprovalFlowsEndToEnd() throws IOException {
        try (Pipeline p = pipeline("PlaybookRun.of(\"respond\", $i.id())", "stop", GuardSettings.defaults(state))) {
            List<AuditRecord> first = p.process(torFinding(1), "test:1").records();

            assertThat(steps(first))
                    .containsExactly(
                            "1 ec2:snapshot-volumes succeeded",
                            "2 ec2:isolate-instance succeeded",
                            "3 ec2:stop-instance skipped");
            AuditRecord waiting = first.get(2);
            assertThat(waiting.error()).startsWith("awaiting approval ");
            assertThat(first.get(1).params()).containsEntry("reason", "Tor from i-00000000000000001 in 111122223333");
            assertThat(first)
                    .allSatisfy(r -> assertThat(r.playbook())
                            .containsEntry("id", "respond")
                            .containsEntry("run", first.get(0).playbook().get("run")));
            assertThat(first.get(0).rule()).isEqualTo("Tor client: respond");
            assertThat(p.approvals().list()).singleElement().satisfies(a -> {
                assertThat(a.view())
                        .containsEntry("action", "ec2:stop-instance")
                        .containsEntry("target", "i-00000000000000001")
                        .containsEntry("eventId", "finding-1");
                assertThat(a.id()).isEqualTo(waiting.playbook().get("approval"));
            });
            assertThat(calls("/ec2/stop-instance/.*")).isZero();

            StepDecision decision = p.approveStep((String) waiting.playbook().get("approval"), "bob");
            assertThat(decision.refused()).isNull();
            assertThat(decision.carriedOut()).isTrue();
            List<AuditRecord> approved = decision.records();

            assertThat(steps(approved)).containsExactly("3 ec2:stop-instance succeeded", "4 notify:test succeeded");
            assertThat(approved.get(0).playbook()).containsEntry("approvedBy", "bob");
            assertThat(approved.get(0).eventId()).isEqualTo("finding-1");
            assertThat(calls("/ec2/stop-instance/i-00000000000000001")).isEqualTo(1);
            assertThat(p.approvals().list()).isEmpty();
            StepDecision again = p.approveStep((String) waiting.playbook().get("approval"), "bob"); // decided once
            assertThat(again.records()).isEmpty();
            assertThat(again.refused())
                    .startsWith("approval " + waiting.playbook().get("approval") + " was approved by bob at ");

            // a second incident: rejected, so the instance is not stopped and the run ends there (on-failure: stop)
            String second = (String) p.process(torFinding(2), "test:2")
                    .records()
                    .get(2)
                    .playbook()
                    .get("approval");
            assertThat(steps(p.rejectStep(second, "carol").records()))
                    .containsExactly("3 ec2:stop-instance skipped", "4 notify:test skipped");
            assertThat(p.approveStep(second, "dave").refused()).contains("was rejected by carol");
            // a third: nobody answers in time
            AuditRecord third = p.process(torFinding(3), "test:3").records().get(2);
            clock.advance(Duration.ofHours(2));
            List<AuditRecord> expired = p.carryOutApprovals();
            assertThat(expired.get(0).error()).contains("expired");
            assertThat(calls("/ec2/stop-instance/.*")).isEqualTo(1);
            // a decision after the fact is refused, saying why
            String thirdId = (String) third.playbook().get("approval");
            String until = third.error().substring(third.error().lastIndexOf(' ') + 1);
            assertThat(p.approveStep(thirdId, "dave").refused())
                    .isEqualTo("approval " + thirdId + " expired at " + until
                            + " (riposte.approvals.expiry): it cannot be approved");
            assertThat(p.approveStep("nope", "dave").known()).isFalse();
            assertThat(audit).containsAll(approved).containsAll(expired);
        }
    }

    @Test
    void aFailingStepStopsOrContinuesAsDeclared() throws IOException {
        aws.stubFor(post(urlPathMatching("/ec2/snapshot-volumes/.*")).willReturn(serverError()));
        try (Pipeline p = pipeline("PlaybookRun.of(\"respond\", $i.id())", "stop", GuardSettings.defaults(state))) {
            assertThat(steps(p.process(torFinding(1), "t").records()))
                    .containsExactly(
                            "1 ec2:snapshot-volumes failed",
                            "2 ec2:isolate-instance skipped",
                            "3 ec2:stop-instance skipped",
                            "4 notify:test skipped");
        }
        assertThat(calls("/ec2/isolate-instance/.*")).isZero();
        try (Pipeline p = pipeline("PlaybookRun.of(\"respond\", $i.id())", "continue", GuardSettings.defaults(state))) {
            assertThat(steps(p.process(torFinding(2), "t").records()))
                    .containsExactly(
                            "1 ec2:snapshot-volumes failed",
                            "2 ec2:isolate-instance succeeded",
                            "3 ec2:stop-instance skipped");
        }
        assertThat(calls("/ec2/isolate-instance/.*")).isEqualTo(1);
    }

    @Test
    void aSelfCausedCloudTrailEventTriggersNothing() throws IOException {
        GuardSettings s = GuardSettings.defaults(state)
                .withSelf(List.of("arn:aws:iam::{account}:role/RiposteResponder"), "riposte-");
        ObjectNode selfCaused = fixture("/normalize/cloudtrail-sg-ingress-ssh-world/input.json");
        ObjectNode identity = (ObjectNode) selfCaused.get("detail").get("userIdentity");
        identity.put("arn", "arn:aws:sts::111122223333:assumed-role/RiposteResponder/riposte-1714641271");
        ((ObjectNode) identity.get("sessionContext").get("sessionIssuer"))
                .put("arn", "arn:aws:iam::111122223333:role/RiposteResponder");

        try (Pipeline p = pipeline("PlaybookRun.of(\"respond\", $i.id())", "stop", s)) {
            List<AuditRecord> records = p.process(selfCaused, "test").records();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
                assertThat(r.error()).contains("loop prevention");
            });
            assertThat(calls("/.*")).isZero();

            // the same change made by a person is remediated
            List<AuditRecord> byAlice = p.process(
                            fixture("/normalize/cloudtrail-sg-ingress-ssh-world/input.json"), "test")
                    .records();
            assertThat(byAlice).extracting(AuditRecord::outcome).containsExactly(Outcome.SUCCEEDED);
            assertThat(calls("/ec2/revoke-open-ingress/sg-0a1b2c3d4e5f67890")).isEqualTo(1);
        }
    }
}
