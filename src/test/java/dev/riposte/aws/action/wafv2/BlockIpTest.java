package dev.riposte.aws.action.wafv2;

import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static dev.riposte.aws.client.RestWire.jsonOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.Principal;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** wafv2:block-ip against a local WAFv2 (JSON 1.1). */
class BlockIpTest {
    private static final String GET = "AWSWAF_20190729.GetIPSet";
    private static final String UPDATE = "AWSWAF_20190729.UpdateIPSet";
    private static final String SET_ID = "a1b2c3d4-5678-90ab-cdef-0123456789ab";
    private static final String ATTACKER = "198.51.100.23";

    private final RestWire aws = new RestWire();
    private final BlockIp handler = new BlockIp(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    /** A GuardDuty finding whose actor came from {@link #ATTACKER}: the normalizer puts it in {@code principal.sourceIp}. */
    static SecurityEvent event() {
        return Events.guardDuty("UnauthorizedAccess:EC2/SSHBruteForce")
                .id("f-1")
                .region("eu-west-1")
                .severity(5.0)
                .principal(new Principal(null, "Unknown", null, null, ATTACKER, null))
                .build();
    }

    private static ActionCommand block() {
        return ActionCommand.of("wafv2:block-ip", null)
                .with("ipSetName", "riposte-blocklist")
                .with("ipSetId", SET_ID);
    }

    private static ActionContext ctx(ActionCommand command) {
        return new ActionContext(command, event(), Events.ACCOUNT, "eu-west-1");
    }

    private static String ipSet(String version, String lockToken, String... addresses) {
        StringBuilder a = new StringBuilder();
        for (String s : addresses) {
            a.append(a.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        return "{\"IPSet\":{\"Name\":\"riposte-blocklist\",\"Id\":\"" + SET_ID
                + "\",\"ARN\":\"arn:aws:wafv2:eu-west-1:111122223333:"
                + "regional/ipset/riposte-blocklist/" + SET_ID
                + "\",\"Description\":\"blocked by Riposte\",\"IPAddressVersion\":\""
                + version + "\",\"Addresses\":[" + a + "]},\"LockToken\":\"" + lockToken + "\"}";
    }

    private Map<?, ?> body(int i) throws Exception {
        return new ObjectMapper().readValue(aws.requests().get(i).getBodyAsString(), Map.class);
    }

    @Test
    void addsTheEventsRemoteIpToTheSetKeepingWhatIsThere() throws Exception {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV4", "lock-1", "203.0.113.0/24")));
        aws.stub(jsonOp(UPDATE), json(200, "{\"NextLockToken\":\"lock-2\"}"));
        ActionContext ctx = ctx(block());

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
        assertThat(aws.targets()).containsExactly(GET, UPDATE);
        assertThat(aws.requests().get(0).getBodyAsString())
                .isEqualTo("{\"Name\":\"riposte-blocklist\",\"Scope\":\"REGIONAL\",\"Id\":\"" + SET_ID + "\"}");
        assertThat(aws.requests().get(1).getBodyAsString())
                .isEqualTo("{\"Name\":\"riposte-blocklist\",\"Scope\":\"REGIONAL\",\"Id\":\""
                        + SET_ID
                        + "\",\"Description\":\"blocked by Riposte\",\"Addresses\":[\"203.0.113.0/24\",\"198.51.100.23/32\"],"
                        + "\"LockToken\":\"lock-1\"}");
        assertThat(aws.requests()).allSatisfy(q -> {
            assertThat(q.getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.1");
            assertThat(q.getHeader("Authorization")).contains("/eu-west-1/wafv2/aws4_request");
        });
        // the plan is the same calls, with what only GetIPSet can tell as placeholders
        List<AwsRequest> plan = handler.plan(ctx);
        assertThat(r.requests().get(0)).isEqualTo(plan.get(0));
        assertThat(plan.get(1).operation()).isEqualTo(r.requests().get(1).operation());
        assertThat(plan.get(1).parameters())
                .containsEntry("Addresses", List.of("<addresses-of:riposte-blocklist>", "198.51.100.23/32"))
                .containsEntry("LockToken", "<lock-token-from-GetIPSet>");
        assertThat(r.requests().get(1).parameters())
                .containsEntry("Addresses", List.of("203.0.113.0/24", "198.51.100.23/32"));
    }

    @Test
    void anAddressTheSetAlreadyCoversIsNotAddedAgain() {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV4", "lock-1", "198.51.100.0/24")));

        ExecutionResult r = handler.execute(ctx(block()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(GET);
    }

    @Test
    void theIpParameterOverridesTheEventAndIpv6BecomesA128() throws Exception {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV6", "lock-1")));
        aws.stub(jsonOp(UPDATE), json(200, "{\"NextLockToken\":\"lock-2\"}"));

        ExecutionResult r = handler.execute(ctx(block().with("ip", "2001:db8::17")));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(body(1).get("Addresses")).isEqualTo(List.of("2001:db8::17/128"));
    }

    @Test
    void anIpv4AddressDoesNotGoInAnIpv6Set() {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV6", "lock-1")));

        ExecutionResult r = handler.execute(ctx(block()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error())
                .isEqualTo("IP set riposte-blocklist holds IPV6 addresses; 198.51.100.23/32 cannot go in it");
        assertThat(aws.targets()).containsExactly(GET);
    }

    @Test
    void aLostLockIsReadAgainAndRetried() throws Exception {
        aws.firstThen(
                () -> jsonOp(GET),
                json(200, ipSet("IPV4", "lock-1")),
                json(200, ipSet("IPV4", "lock-2", "192.0.2.1/32")));
        aws.firstThen(
                () -> jsonOp(UPDATE),
                jsonError(
                        400,
                        "WAFOptimisticLockException",
                        "AWS WAF couldn't save your changes because someone changed the resource after you started to edit it."),
                json(200, "{\"NextLockToken\":\"lock-3\"}"));

        ExecutionResult r = handler.execute(ctx(block()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(GET, UPDATE, GET, UPDATE);
        assertThat(body(3).get("LockToken")).isEqualTo("lock-2");
        assertThat(body(3).get("Addresses")).isEqualTo(List.of("192.0.2.1/32", "198.51.100.23/32"));
        assertThat(r.requests())
                .extracting(AwsRequest::operation)
                .containsExactly("GetIPSet", "UpdateIPSet", "GetIPSet", "UpdateIPSet");
    }

    @Test
    void aLockLostThreeTimesFails() {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV4", "lock-1")));
        aws.stub(jsonOp(UPDATE), jsonError(400, "WAFOptimisticLockException", "someone changed the resource"));

        ExecutionResult r = handler.execute(ctx(block()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("WAFOptimisticLockException: someone changed the resource");
        assertThat(aws.targets()).containsExactly(GET, UPDATE, GET, UPDATE, GET, UPDATE);
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen(
                () -> jsonOp(GET),
                jsonError(400, "ThrottlingException", "Rate exceeded"),
                json(200, ipSet("IPV4", "lock-1")));
        aws.stub(jsonOp(UPDATE), json(200, "{\"NextLockToken\":\"lock-2\"}"));

        assertThat(handler.execute(ctx(block())).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.targets()).containsExactly(GET, GET, UPDATE);
    }

    @Test
    void aSetThatNoLongerExistsIsSkipped() {
        aws.stub(
                jsonOp(GET),
                jsonError(
                        400,
                        "WAFNonexistentItemException",
                        "AWS WAF couldn't perform the operation because your resource doesn't exist."));

        ExecutionResult r = handler.execute(ctx(block()));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).startsWith("WAFNonexistentItemException: ");
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV4", "lock-1")));
        aws.stub(
                jsonOp(UPDATE),
                jsonError(400, "AccessDeniedException", "not authorized to perform: wafv2:UpdateIPSet"));

        ExecutionResult r = handler.execute(ctx(block()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDeniedException: not authorized to perform: wafv2:UpdateIPSet");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
    }

    @Test
    void cloudFrontSetsAreChangedInUsEast1() {
        aws.stub(jsonOp(GET), json(200, ipSet("IPV4", "lock-1")));
        aws.stub(jsonOp(UPDATE), json(200, "{}"));

        handler.execute(ctx(block().with("scope", "CLOUDFRONT")));

        assertThat(aws.requests()).allSatisfy(q -> {
            assertThat(q.getHeader("Authorization")).contains("/us-east-1/wafv2/aws4_request");
            assertThat(q.getBodyAsString()).contains("\"Scope\":\"CLOUDFRONT\"");
        });
    }

    @Test
    void badParametersAreRejectedWhenRulesLoad() {
        assertThat(handler.check(new ActionCommand(
                        "wafv2:block-ip",
                        "not-an-ip",
                        Map.of("ipSetName", "block list", "ipSetId", "X!", "scope", "GLOBAL", "ip", "0.0.0.0/0"))))
                .containsExactly(
                        "wafv2:block-ip ipSetName 'block list' is not a WAF IP set name (letters, digits, _ and -)",
                        "wafv2:block-ip ipSetId 'X!' is not a WAF IP set id",
                        "wafv2:block-ip scope 'GLOBAL' is not REGIONAL or CLOUDFRONT",
                        "wafv2:block-ip ip: '0.0.0.0/0' needs a prefix length from 1 to 32 (WAF takes no /0)",
                        "wafv2:block-ip target: 'not-an-ip' is not an IPv4 or IPv6 address or CIDR");
        assertThat(handler.check(block().with("ip", "203.0.113.0/24"))).isEmpty();
    }

    @Test
    void anEventWithoutAnAddressCannotBePlanned() {
        SecurityEvent internal = Events.cloudTrail("ConsoleLogin")
                .id("ct-1")
                .region("eu-west-1")
                .principal(new Principal(null, "AWSService", "ec2.amazonaws.com", null, "AWS Internal", null))
                .build();
        assertThatThrownBy(() -> handler.plan(new ActionContext(block(), internal, Events.ACCOUNT, "eu-west-1")))
                .hasMessage(
                        "wafv2:block-ip cannot block that address: 'AWS Internal' is not an IPv4 or IPv6 address or CIDR");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void rangesCoverWhatTheyContain() {
        assertThat(Cidr.parse("10.0.0.0/8").covers(Cidr.parse("10.20.30.40"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").covers(Cidr.parse("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("10.1.2.3").covers(Cidr.parse("10.1.2.0/24"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").covers(Cidr.parse("2001:db8:1::1")))
                .isTrue();
        assertThat(Cidr.parse("2001:db8::/32").covers(Cidr.parse("10.0.0.1"))).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
