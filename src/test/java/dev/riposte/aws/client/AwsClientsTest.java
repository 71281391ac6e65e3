package dev.riposte.aws.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.riposte.aws.json.JsonOperation;
import dev.riposte.aws.json.JsonResponse;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.guard.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsClientsTest {
    private static final String TEMPLATE = "arn:aws:iam::{account}:role/RiposteResponder";
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private AwsWire aws;

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    private static String assumeRoleResponse(String keyId, Instant expiration) {
        return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>" + keyId
                + "</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
                + "</SecretAccessKey><SessionToken>session-token-" + keyId + "</SessionToken><Expiration>" + expiration
                + "</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/RiposteResponder/x"
                + "</Arn><AssumedRoleId>AROA3XFRBF535PLBIFPI4:x</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>req-AssumeRole</RequestId></ResponseMetadata></AssumeRoleResponse>";
    }

    private static ActionContext ctx(String account, String eventId, String region) {
        SecurityEvent e = Events.guardDuty("t")
                .id(eventId)
                .at(NOW)
                .account(account)
                .region(region)
                .build();
        return new ActionContext(ActionCommand.of("ec2:stop-instance", "i-0123456789abcdef0"), e, account, region);
    }

    private void describeRegions(AwsClients clients, ActionContext ctx) {
        clients.ec2(ctx).describeRegions();
    }

    private void stubEc2() {
        aws.ok(
                "DescribeRegions",
                "<DescribeRegionsResponse xmlns=\"" + AwsWire.EC2_NS + "\"><requestId>r</requestId>"
                        + "<regionInfo/></DescribeRegionsResponse>");
    }

    @Test
    void assumesTheResponderRoleOncePerAccountWithASessionNamedAfterTheEvent() {
        aws = new AwsWire(TEMPLATE, "ext-42", clock);
        aws.ok("AssumeRole", assumeRoleResponse("ASIAEXAMPLEAAAAAAAAA", NOW.plus(Duration.ofHours(1))));
        stubEc2();

        describeRegions(aws.clients(), ctx("111122223333", "c8c4daa7-a20c-2f03-0070-b7393dd542ad", "eu-west-1"));
        describeRegions(aws.clients(), ctx("111122223333", "other-event", "eu-west-1"));
        describeRegions(aws.clients(), ctx("111122223333", "third-event", "us-west-2"));

        assertThat(aws.actions())
                .containsExactly("AssumeRole", "DescribeRegions", "DescribeRegions", "DescribeRegions");
        AwsWire.Call assume = aws.calls().get(0);
        assertThat(assume.params())
                .containsEntry("RoleArn", "arn:aws:iam::111122223333:role/RiposteResponder")
                .containsEntry("RoleSessionName", "riposte-c8c4daa7-a20c-2f03-0070-b7393dd542ad")
                .containsEntry("DurationSeconds", "3600")
                .containsEntry("ExternalId", "ext-42");
        List<String> auth = aws.headers("Authorization");
        assertThat(auth.get(0)).contains("Credential=AKIDEXAMPLE/");
        assertThat(auth.get(1)).contains("Credential=ASIAEXAMPLEAAAAAAAAA/").contains("/eu-west-1/ec2/");
        assertThat(auth.get(3)).contains("/us-west-2/ec2/");
        assertThat(aws.headers("X-Amz-Security-Token").get(1)).isEqualTo("session-token-ASIAEXAMPLEAAAAAAAAA");
    }

    @Test
    void aReplicaThatMayNotActSendsNothing() {
        aws = new AwsWire();
        stubEc2();
        AwsClients clients = aws.clients();
        clients.fenceWith(() -> false);
        ActionContext ctx = ctx("111122223333", "e-1", "eu-west-1");

        assertThatThrownBy(() -> describeRegions(clients, ctx)).hasMessageContaining("no longer owns the rules");
        assertThatThrownBy(() -> clients.json("guardduty", ctx)
                        .call(JsonOperation.rest("guardduty", "ListDetectors", "GET", "/detector"), Map.of()))
                .hasMessageContaining("no longer owns the rules");
        assertThat(aws.calls()).as("requests that reached AWS").isEmpty();
    }

    /**
     * The lease is asked before every attempt, not only before the call: a retry waits up to seconds (throttling
     * backoff), a paused process resumes anywhere between its first check and the socket, and a replica that lost the
     * rules meanwhile must not send it.
     */
    @Test
    void aRetryAfterTheLeaseWasLostIsNotSent() {
        aws = new AwsWire();
        aws.firstThen(
                "DescribeRegions",
                503,
                AwsWire.ec2Error("Unavailable", "The service is unavailable. Please try again shortly."),
                "<DescribeRegionsResponse xmlns=\"" + AwsWire.EC2_NS + "\"><requestId>r</requestId>"
                        + "<regionInfo/></DescribeRegionsResponse>");
        AwsClients clients = aws.clients();
        // the lease is lost while the first attempt is answered: the replica may act until AWS has seen one request
        clients.fenceWith(() -> aws.calls().isEmpty());

        assertThatThrownBy(() -> describeRegions(clients, ctx("111122223333", "e-1", "eu-west-1")))
                .hasMessageContaining("DescribeRegions not sent")
                .hasMessageContaining("no longer owns the rules");
        assertThat(aws.actions()).as("requests that reached AWS").containsExactly("DescribeRegions");
    }

    @Test
    void aJsonRetryAfterTheLeaseWasLostIsNotSent() {
        aws = new AwsWire();
        aws.stub(
                WireMock.get(WireMock.urlPathEqualTo("/detector")),
                WireMock.aResponse()
                        .withStatus(503)
                        .withHeader("x-amzn-ErrorType", "InternalServerErrorException")
                        .withBody("{\"message\":\"try again\"}"));
        AwsClients clients = aws.clients();
        clients.fenceWith(() -> aws.calls().isEmpty());

        assertThatThrownBy(() -> clients.json("guardduty", ctx("111122223333", "e-1", "eu-west-1"))
                        .call(JsonOperation.rest("guardduty", "ListDetectors", "GET", "/detector"), Map.of()))
                .hasMessageContaining("ListDetectors not sent")
                .hasMessageContaining("no longer owns the rules");
        assertThat(aws.calls()).as("requests that reached AWS").hasSize(1);
    }

    @Test
    void jsonClientsActWithTheAssumedRoleInTheEventsRegion() {
        aws = new AwsWire(TEMPLATE, null, clock);
        aws.ok("AssumeRole", assumeRoleResponse("ASIAEXAMPLEBBBBBBBBB", NOW.plus(Duration.ofHours(1))));
        aws.stub(
                WireMock.get(WireMock.urlPathEqualTo("/detector")),
                WireMock.aResponse()
                        .withStatus(200)
                        .withHeader("x-amzn-RequestId", "req-gd")
                        .withBody("{\"detectorIds\":[\"d-1\"]}"));
        ActionContext ctx = ctx("444455556666", "evt-9", "ap-southeast-2");

        JsonResponse r = aws.clients()
                .json("guardduty", ctx)
                .call(JsonOperation.rest("guardduty", "ListDetectors", "GET", "/detector"), Map.of());

        assertThat(r.requestId()).isEqualTo("req-gd");
        assertThat(r.body().path("detectorIds").get(0).asText()).isEqualTo("d-1");
        assertThat(aws.calls().get(0).params())
                .containsEntry("RoleArn", "arn:aws:iam::444455556666:role/RiposteResponder")
                .containsEntry("RoleSessionName", "riposte-evt-9");
        assertThat(aws.headers("Authorization").get(1))
                .contains("Credential=ASIAEXAMPLEBBBBBBBBB/")
                .contains("/ap-southeast-2/guardduty/aws4_request");
        assertThat(aws.headers("X-Amz-Security-Token").get(1)).isEqualTo("session-token-ASIAEXAMPLEBBBBBBBBB");
        assertThat(aws.clients().json("guardduty", ctx)).isSameAs(aws.clients().json("guardduty", ctx));
    }

    @Test
    void eachAccountHasItsOwnRoleAndCredentialsAreRenewedBeforeTheyExpire() {
        aws = new AwsWire(TEMPLATE, null, clock);
        aws.ok("AssumeRole", assumeRoleResponse("ASIAEXAMPLEAAAAAAAAA", NOW.plus(Duration.ofHours(1))));
        stubEc2();

        describeRegions(aws.clients(), ctx("111122223333", "e1", "us-east-1"));
        describeRegions(aws.clients(), ctx("444455556666", "e2", "us-east-1"));
        clock.set(NOW.plus(Duration.ofMinutes(54)));
        describeRegions(aws.clients(), ctx("111122223333", "e3", "us-east-1"));
        clock.set(NOW.plus(Duration.ofMinutes(56)));
        describeRegions(aws.clients(), ctx("111122223333", "e4", "us-east-1"));

        List<AwsWire.Call> assumes = aws.calls().stream()
                .filter(c -> "AssumeRole".equals(c.action()))
                .toList();
        assertThat(assumes)
                .extracting(c -> c.get("RoleArn"))
                .containsExactly(
                        "arn:aws:iam::111122223333:role/RiposteResponder",
                        "arn:aws:iam::444455556666:role/RiposteResponder",
                        "arn:aws:iam::111122223333:role/RiposteResponder");
        assertThat(assumes.get(2).get("RoleSessionName")).isEqualTo("riposte-e4");
        assertThat(assumes.get(0).params()).doesNotContainKey("ExternalId");
    }

    @Test
    void withoutATemplateTheBaseCredentialsActAndTheDefaultRegionFillsIn() {
        aws = new AwsWire(null, null, clock);
        stubEc2();

        describeRegions(aws.clients(), ctx("111122223333", "e1", null));

        assertThat(aws.actions()).containsExactly("DescribeRegions");
        assertThat(aws.headers("Authorization").get(0))
                .contains("Credential=AKIDEXAMPLE/")
                .contains("/us-east-1/ec2/");
    }

    @Test
    void sessionNamesStayWithinStsRules() {
        assertThat(AwsClients.sessionName(null)).isEqualTo("riposte-manual");
        assertThat(AwsClients.sessionName("a b/c:d")).isEqualTo("riposte-abcd");
        assertThat(AwsClients.sessionName("x".repeat(100))).hasSize(8 + 56).matches("[\\w+=,.@-]{2,64}");
    }

    @Test
    void rejectsAnAssumeRoleTemplateThatIsNoArn() {
        assertThatThrownBy(() -> new AwsClients.Settings("us-east-1", null, "RiposteResponder", null))
                .hasMessageContaining("riposte.aws.assume-role must be a role ARN template");
        assertThat(new AwsClients.Settings("us-east-1", null, " ", "").assumeRole())
                .isNull();
    }
}
