package dev.riposte.aws.investigate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.action.ec2.StopInstance;
import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.client.ThrottledReads;
import dev.riposte.aws.investigate.ec2.InstanceContextStep;
import dev.riposte.aws.json.AwsJsonClient;
import dev.riposte.aws.json.JsonOperation;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.Throttle;
import dev.riposte.fact.Events;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Investigation reads take tokens from the (account, region, operation) buckets; the actions' own calls are not charged twice. */
class InvestigationRateLimitTest {
    static final String INSTANCE = AwsInvestigatorTest.INSTANCE;
    final AwsWire wire = new AwsWire();
    final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        wire.close();
    }

    /** Records every acquisition as account/region/service:Operation; refuses {@code refused}. */
    Throttle recording(String refused) {
        return (action, account, region, calls) -> {
            String op = calls.get(0).service() + ":" + calls.get(0).operation();
            asked.add(action + " " + account + "/" + region + "/" + op);
            return op.equals(refused)
                    ? new Throttle.Permit(false, 0, "no token for " + op + " (test)")
                    : Throttle.Permit.FREE;
        };
    }

    AwsInvestigator investigator(Throttle throttle) {
        return new AwsInvestigator(
                        List.of(new InstanceContextStep(wire.clients())), Duration.ofSeconds(10), Duration.ZERO)
                .throttled(throttle);
    }

    void instanceAnswers() {
        wire.ok("DescribeInstances", InvestigationXml.describeInstance(INSTANCE, Map.of(), List.of("sg-web")))
                .ok("DescribeSecurityGroups", InvestigationXml.describeSecurityGroups())
                .ok("GetInstanceProfile", InvestigationXml.getInstanceProfile("web-role"));
    }

    @Test
    void everyReadTakesATokenFromItsOperationBucket() {
        instanceAnswers();
        SecurityEvent finding = AwsInvestigatorTest.ec2Finding("evt-1");
        try (AwsInvestigator inv = investigator(recording(null))) {
            assertThat(((InstanceContext) inv.investigate(finding).get(0)).complete())
                    .isTrue();
        }
        assertThat(asked)
                .containsExactlyInAnyOrder(
                        "null " + Events.ACCOUNT + "/us-east-1/ec2:DescribeInstances",
                        "null " + Events.ACCOUNT + "/us-east-1/ec2:DescribeSecurityGroups",
                        "null " + Events.ACCOUNT + "/aws-global/iam:GetInstanceProfile");
    }

    @Test
    void aReadWithoutATokenIsNotSentAndTheInvestigationSaysSo() {
        instanceAnswers();
        try (AwsInvestigator inv = investigator(recording("ec2:DescribeInstances"))) {
            List<Object> facts = inv.investigate(AwsInvestigatorTest.ec2Finding("evt-1"));
            assertThat(facts)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            InvestigationIncomplete.class,
                            f -> assertThat(f.reason())
                                    .contains("rate-limited")
                                    .contains("no token for ec2:DescribeInstances"));
        }
        assertThat(wire.actions()).doesNotContain("DescribeInstances");
    }

    @Test
    void jsonProtocolReadsTakeTheirTokensToo() {
        ActionContext ctx = new ActionContext(
                ActionCommand.of("guardduty:archive-finding", null),
                AwsInvestigatorTest.ec2Finding("evt-1"),
                Events.ACCOUNT,
                "us-east-1");
        AwsJsonClient guardDuty = wire.clients().json("guardduty", ctx);
        JsonOperation list = JsonOperation.rest("guardduty", "ListDetectors", "GET", "/detector");

        Assertions.assertThatThrownBy(() -> ThrottledReads.during(
                        recording("guardduty:ListDetectors"), () -> guardDuty.call(list, Map.of())))
                .hasMessageContaining("rate-limited");

        assertThat(asked).containsExactly("null " + Events.ACCOUNT + "/us-east-1/guardduty:ListDetectors");
        assertThat(wire.actions()).isEmpty();
    }

    @Test
    void anActionsCallsOutsideTheInvestigationAreNotChargedAgain() {
        instanceAnswers();
        wire.answer(
                "StopInstances",
                200,
                "<StopInstancesResponse xmlns=\"" + AwsWire.EC2_NS + "\"><requestId>r</requestId>"
                        + "<instancesSet/></StopInstancesResponse>");
        try (AwsInvestigator inv = investigator(recording(null))) {
            inv.investigate(AwsInvestigatorTest.ec2Finding("evt-1"));
            asked.clear();
            new StopInstance(wire.clients())
                    .execute(new ActionContext(
                            ActionCommand.of("ec2:stop-instance", INSTANCE),
                            AwsInvestigatorTest.ec2Finding("evt-1"),
                            Events.ACCOUNT,
                            "us-east-1"));
        }
        assertThat(wire.actions()).contains("StopInstances");
        assertThat(asked).isEmpty();
    }

    @Test
    void aReadWaitsOnlyItsOwnBudgetForItsTokenAndARefusalNamesTheSetting() {
        instanceAnswers();
        List<Duration> budgets = new CopyOnWriteArrayList<>();
        Throttle budgeted = new Throttle() {
            @Override
            public Permit acquire(String action, String account, String region, List<AwsRequest> calls) {
                throw new AssertionError("reads must ask with their own budget");
            }

            @Override
            public Permit acquire(
                    String action, String account, String region, List<AwsRequest> calls, Duration maxWait) {
                budgets.add(maxWait);
                return "DescribeInstances".equals(calls.get(0).operation())
                        ? new Permit(false, 0, "no token for another 2s, longer than the 0.1s this read may wait")
                        : Permit.FREE;
            }
        };
        try (AwsInvestigator inv = investigator(budgeted).readWait(Duration.ofMillis(100))) {
            List<Object> facts = inv.investigate(AwsInvestigatorTest.ec2Finding("evt-1"));
            assertThat(facts)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            InvestigationIncomplete.class,
                            f -> assertThat(f.reason())
                                    .contains("rate-limited")
                                    .contains("riposte.investigate.read-wait"));
        }
        assertThat(budgets).containsOnly(Duration.ofMillis(100));
        assertThat(wire.actions()).doesNotContain("DescribeInstances");
    }

    @Test
    void aNegativeReadWaitIsRefusedWithItsName() {
        Assertions.assertThatThrownBy(() -> investigator(Throttle.NONE).readWait(Duration.ofMillis(-1)))
                .hasMessageContaining("riposte.investigate.read-wait");
    }

    @Test
    void eventsAboutTheSameInstanceArrivingTogetherShareOneRead() throws Exception {
        // DescribeInstances answers slowly, so the second event asks while the first one's read is in flight
        wire.stub(
                        post(urlPathEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances")),
                        aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                                .withFixedDelay(1500)
                                .withBody(InvestigationXml.describeInstance(INSTANCE, Map.of(), List.of("sg-web"))))
                .ok("DescribeSecurityGroups", InvestigationXml.describeSecurityGroups())
                .ok("GetInstanceProfile", InvestigationXml.getInstanceProfile("web-role"));
        ExecutorService events = Executors.newFixedThreadPool(2);
        try (AwsInvestigator inv = investigator(Throttle.NONE)) { // cache off: only the sharing can spare the read
            CountDownLatch first = new CountDownLatch(1);
            Future<List<Object>> one = events.submit(() -> {
                first.countDown();
                return inv.investigate(AwsInvestigatorTest.ec2Finding("evt-1"));
            });
            first.await();
            Thread.sleep(300);
            Future<List<Object>> two = events.submit(() -> inv.investigate(AwsInvestigatorTest.ec2Finding("evt-2")));
            InstanceContext a = (InstanceContext) one.get().get(0);
            InstanceContext b = (InstanceContext) two.get().get(0);
            assertThat(a.eventId()).isEqualTo("evt-1");
            assertThat(b.eventId()).isEqualTo("evt-2");
            assertThat(b.complete()).isTrue();
            assertThat(wire.actions().stream().filter("DescribeInstances"::equals))
                    .hasSize(1);

            inv.investigate(AwsInvestigatorTest.ec2Finding("evt-3")); // once done, the next event reads again
            assertThat(wire.actions().stream().filter("DescribeInstances"::equals))
                    .hasSize(2);
        } finally {
            events.shutdownNow();
        }
    }
}
