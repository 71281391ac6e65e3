package dev.riposte.aws.json;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The signed JSON client on the wire: request shape per protocol, SigV4, error parsing and STANDARD-mode retries. */
class AwsJsonClientTest {
    private static final JsonOperation ARCHIVE =
            JsonOperation.rest("guardduty", "ArchiveFindings", "POST", "/detector/{detectorId}/findings/archive");
    private static final JsonOperation LIST_DETECTORS =
            JsonOperation.rest("guardduty", "ListDetectors", "GET", "/detector");
    private static final JsonOperation GET_IP_SET = JsonOperation.json11("wafv2", "AWSWAF_20190729", "GetIPSet");

    /** Held so the level setting is not garbage-collected with the logger: Jetty's start/stop lines are noise here. */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY.setLevel(Level.WARNING);
    }

    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().containerThreads(8).jettyAcceptors(1));
    private final HttpClient http = AwsJsonClient.newHttpClient();
    private final List<Duration> sleeps = new ArrayList<>();

    AwsJsonClientTest() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private AwsJsonClient client(String service, StaticCredentialsProvider creds) {
        return new AwsJsonClient(service, "eu-west-1", URI.create(server.baseUrl()), creds, http, sleeps::add);
    }

    private AwsJsonClient client(String service) {
        return client(service, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    private List<LoggedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest).toList();
    }

    private void answer(ResponseDefinitionBuilder response) {
        server.stubFor(any(anyUrl()).willReturn(response));
    }

    private void answerInTurn(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            server.stubFor(any(anyUrl())
                    .inScenario("turns")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn" + i)
                    .willReturn(responses[i])
                    .willSetStateTo("turn" + (i + 1)));
        }
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("x-amzn-RequestId", "req-ok")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("x-amzn-RequestId", "req-err")
                .withBody(body);
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void restJsonPutsPathParametersInThePathAndTheRestInASignedJsonBody() {
        answer(ok("{}"));

        JsonResponse r =
                client("guardduty").call(ARCHIVE, params("detectorId", "12abc34d/x", "findingIds", List.of("f-1")));

        assertThat(r.requestId()).isEqualTo("req-ok");
        assertThat(r.body().isObject()).isTrue();
        LoggedRequest req = requests().get(0);
        assertThat(req.getMethod().getName()).isEqualTo("POST");
        assertThat(req.getUrl()).isEqualTo("/detector/12abc34d%2Fx/findings/archive");
        assertThat(req.getBodyAsString()).isEqualTo("{\"findingIds\":[\"f-1\"]}");
        assertThat(req.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(req.containsHeader("X-Amz-Target")).isFalse();
        assertThat(req.getHeader("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/guardduty/aws4_request")
                .contains("SignedHeaders=")
                .contains("host")
                .contains("x-amz-date")
                .contains("Signature=");
        assertThat(req.getHeader("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    }

    @Test
    void json11SendsEveryParameterInTheBodyWithItsTarget() {
        answer(ok("{\"IPSet\":{\"Name\":\"blocklist\"},\"LockToken\":\"t-1\"}"));

        JsonResponse r =
                client("wafv2").call(GET_IP_SET, params("Name", "blocklist", "Scope", "REGIONAL", "Id", "abc"));

        assertThat(r.body().path("LockToken").asText()).isEqualTo("t-1");
        LoggedRequest req = requests().get(0);
        assertThat(req.getUrl()).isEqualTo("/");
        assertThat(req.getHeader("X-Amz-Target")).isEqualTo("AWSWAF_20190729.GetIPSet");
        assertThat(req.getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(req.getBodyAsString()).isEqualTo("{\"Name\":\"blocklist\",\"Scope\":\"REGIONAL\",\"Id\":\"abc\"}");
        assertThat(req.getHeader("Authorization"))
                .contains("/eu-west-1/wafv2/aws4_request")
                .contains("x-amz-target");
    }

    @Test
    void patchIsSentAsPatch() {
        answer(ok("{\"ProcessedFindings\":[]}"));

        client("securityhub")
                .call(
                        JsonOperation.rest("securityhub", "BatchUpdateFindings", "PATCH", "/findings/batchupdate"),
                        params("Workflow", Map.of("Status", "RESOLVED")));

        assertThat(requests().get(0).getMethod().getName()).isEqualTo("PATCH");
        assertThat(requests().get(0).getBodyAsString()).isEqualTo("{\"Workflow\":{\"Status\":\"RESOLVED\"}}");
    }

    @Test
    void getSendsParametersAsQueryAndNoBody() {
        answer(ok("{\"detectorIds\":[\"d-1\"]}"));

        JsonResponse r = client("guardduty").call(LIST_DETECTORS, params("maxResults", 1));

        assertThat(r.body().path("detectorIds").get(0).asText()).isEqualTo("d-1");
        assertThat(requests().get(0).getUrl()).isEqualTo("/detector?maxResults=1");
        assertThat(requests().get(0).getBodyAsString()).isEmpty();
    }

    @Test
    void sessionCredentialsSendTheirToken() {
        answer(ok(""));
        client(
                        "guardduty",
                        StaticCredentialsProvider.create(
                                AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "token-1")))
                .call(LIST_DETECTORS, Map.of());

        assertThat(requests().get(0).getHeader("X-Amz-Security-Token")).isEqualTo("token-1");
        assertThat(requests().get(0).getHeader("Authorization"))
                .contains("Credential=ASIAEXAMPLE/")
                .contains("x-amz-security-token");
    }

    @Test
    void errorCodeComesFromTheHeaderWithoutItsSuffix() {
        answer(error(403, "{\"message\":\"User is not authorized to perform: guardduty:ArchiveFindings\"}")
                .withHeader(
                        "x-amzn-ErrorType",
                        "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/"));

        assertThatThrownBy(() -> client("guardduty").call(ARCHIVE, params("detectorId", "d", "findingIds", List.of())))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("User is not authorized to perform: guardduty:ArchiveFindings");
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("guardduty");
                    assertThat(e.requestId()).isEqualTo("req-err");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
        assertThat(requests()).hasSize(1); // not retried
    }

    @Test
    void errorCodeComesFromTheBodyWithoutItsNamespace() {
        answer(error(
                400, "{\"__type\":\"com.amazonaws.wafv2#WAFNonexistentItemException\",\"Message\":\"no such set\"}"));

        assertThatThrownBy(() -> client("wafv2").call(GET_IP_SET, Map.of()))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("WAFNonexistentItemException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("no such set");
                });
    }

    @Test
    void aCodeFieldAndAnUnreadableBodyAreUnderstoodToo() {
        assertThat(JsonErrors.bareCode("aws.protocoltests.json#ThrottlingException:extra"))
                .isEqualTo("ThrottlingException");
        answer(error(400, "{\"code\":\"BadRequestException\",\"message\":\"bad detector\"}"));
        assertThatThrownBy(() -> client("guardduty").call(LIST_DETECTORS, Map.of()))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadRequestException"));
        server.resetAll();
        answer(error(403, "<html>Forbidden</html>"));
        assertThatThrownBy(() -> client("guardduty").call(LIST_DETECTORS, Map.of()))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("HTTP403"));
    }

    @Test
    void throttlingIsRetriedWithBackoffFromOneSecond() {
        answerInTurn(
                error(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"),
                error(429, "{\"__type\":\"TooManyRequestsException\",\"message\":\"slow down\"}"),
                ok("{\"detectorIds\":[]}"));

        JsonResponse r = client("guardduty").call(LIST_DETECTORS, Map.of());

        assertThat(r.requestId()).isEqualTo("req-ok");
        assertThat(requests()).hasSize(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sleeps.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        // every attempt is signed anew
        assertThat(requests())
                .allSatisfy(q -> assertThat(q.getHeader("Authorization")).contains("guardduty/aws4_request"));
    }

    @Test
    void afterThreeAttemptsTheLastErrorIsThrown() {
        answer(error(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));

        assertThatThrownBy(() -> client("guardduty").call(LIST_DETECTORS, Map.of()))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
        assertThat(requests()).hasSize(RetryPolicy.MAX_ATTEMPTS);
    }

    @Test
    void serverErrorsAreRetriedFromAHundredMilliseconds() {
        answerInTurn(error(503, "{\"__type\":\"InternalServerErrorException\",\"message\":\"try again\"}"), ok("{}"));

        client("guardduty").call(LIST_DETECTORS, Map.of());

        assertThat(requests()).hasSize(2);
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(100)));
    }

    @Test
    void anUnreachableEndpointFailsAsAClientErrorAfterThreeAttempts() {
        int port = server.port();
        server.stop();
        AwsJsonClient c = new AwsJsonClient(
                "guardduty",
                "eu-west-1",
                URI.create("http://localhost:" + port),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                http,
                sleeps::add);

        assertThatThrownBy(() -> c.call(LIST_DETECTORS, Map.of()))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("cannot reach guardduty");
        assertThat(sleeps).hasSize(2);
        server.start();
    }

    @Test
    void badCallsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client("guardduty").call(ARCHIVE, params("findingIds", List.of("f"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ArchiveFindings needs the path parameter detectorId");
        assertThatThrownBy(() -> client("securityhub").call(ARCHIVE, params("detectorId", "d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("guardduty ArchiveFindings sent through the securityhub client");
        assertThat(requests()).isEmpty();
    }

    @Test
    void withoutAnOverrideTheRegionalEndpointIsUsed() {
        assertThat(AwsJsonClient.endpoint("securityhub", "eu-west-1"))
                .hasToString("https://securityhub.eu-west-1.amazonaws.com");
        assertThat(AwsJsonClient.endpoint("wafv2", "cn-north-1"))
                .hasToString("https://wafv2.cn-north-1.amazonaws.com.cn");
    }
}
