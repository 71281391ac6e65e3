package dev.riposte.aws.action.guardduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** guardduty:archive-finding against a local GuardDuty (REST-JSON). */
class ArchiveFindingTest {
    private static final String DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
    private static final String FINDING = "60baffd3f9042e38640f2300d5c5a631";
    private static final String GET = "/detector/" + DETECTOR + "/findings/get";
    private static final String ARCHIVE = "/detector/" + DETECTOR + "/findings/archive";
    private static final String BODY = "{\"findingIds\":[\"" + FINDING + "\"]}";

    private final RestWire aws = new RestWire();
    private final ArchiveFinding handler = new ArchiveFinding(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    /** A GuardDuty finding event in its EventBridge shape: the finding is {@code detail}. */
    static SecurityEvent event() {
        return Events.guardDuty("Recon:EC2/PortProbeUnprotectedPort")
                .id(FINDING)
                .region("eu-west-1")
                .severity(2.0)
                .detail(Map.of(
                        "detail-type",
                        "GuardDuty Finding",
                        "detail",
                        Map.of("id", FINDING, "service", Map.of("detectorId", DETECTOR))))
                .build();
    }

    private static ActionContext ctx(ActionCommand command) {
        return new ActionContext(command, event(), Events.ACCOUNT, "eu-west-1");
    }

    private static String finding(boolean archived) {
        return "{\"findings\":[{\"id\":\"" + FINDING + "\",\"service\":{\"archived\":" + archived + "}}]}";
    }

    @Test
    void archivesTheEventsOwnFindingExactlyAsPlanned() {
        aws.stub(post(urlPathEqualTo(GET)), json(200, finding(false)));
        aws.stub(post(urlPathEqualTo(ARCHIVE)), json(200, "{}"));
        ActionContext ctx =
                ctx(ActionCommand.of("guardduty:archive-finding", null).with("reason", "handled"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
        assertThat(r.requests())
                .isEqualTo(handler.plan(ctx))
                .containsExactly(
                        new AwsRequest(
                                "guardduty",
                                "GetFindings",
                                Map.of("detectorId", DETECTOR, "findingIds", List.of(FINDING))),
                        new AwsRequest(
                                "guardduty",
                                "ArchiveFindings",
                                Map.of("detectorId", DETECTOR, "findingIds", List.of(FINDING))));
        assertThat(aws.lines()).containsExactly("POST " + GET, "POST " + ARCHIVE);
        assertThat(aws.requests()).allSatisfy(q -> {
            assertThat(q.getBodyAsString()).isEqualTo(BODY);
            assertThat(q.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(q.getHeader("Authorization"))
                    .contains("AKIDEXAMPLE/")
                    .contains("/eu-west-1/guardduty/aws4_request");
        });
    }

    @Test
    void anotherFindingAndDetectorCanBeNamed() {
        String other = "aa0123456789abcdef0123456789abcd";
        aws.stub(post(urlPathEqualTo("/detector/d2/findings/get")), json(200, finding(false)));
        aws.stub(post(urlPathEqualTo("/detector/d2/findings/archive")), json(200, "{}"));

        ExecutionResult r = handler.execute(
                ctx(ActionCommand.of("guardduty:archive-finding", other).with("detectorId", "d2")));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.requests().get(1).getBodyAsString()).isEqualTo("{\"findingIds\":[\"" + other + "\"]}");
    }

    @Test
    void anArchivedFindingIsLeftAsItIs() {
        aws.stub(post(urlPathEqualTo(GET)), json(200, finding(true)));

        ExecutionResult r = handler.execute(ctx(ActionCommand.of("guardduty:archive-finding", null)));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("POST " + GET);
    }

    @Test
    void aFindingGuardDutyNoLongerHasIsSkipped() {
        aws.stub(post(urlPathEqualTo(GET)), json(200, "{\"findings\":[]}"));

        ExecutionResult r = handler.execute(ctx(ActionCommand.of("guardduty:archive-finding", null)));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("GuardDuty finding " + FINDING + " no longer exists in detector " + DETECTOR);
        assertThat(aws.lines()).containsExactly("POST " + GET);
    }

    @Test
    void throttlingIsRetried() {
        aws.stub(post(urlPathEqualTo(GET)), json(200, finding(false)));
        aws.firstThen(
                () -> post(urlPathEqualTo(ARCHIVE)),
                jsonError(429, "TooManyRequestsException", "Rate exceeded"),
                json(200, "{}"));

        ExecutionResult r = handler.execute(ctx(ActionCommand.of("guardduty:archive-finding", null)));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("POST " + GET, "POST " + ARCHIVE, "POST " + ARCHIVE);
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.stub(post(urlPathEqualTo(GET)), json(200, finding(false)));
        aws.stub(
                post(urlPathEqualTo(ARCHIVE)),
                aResponse()
                        .withStatus(403)
                        .withHeader("x-amzn-RequestId", "req-denied")
                        .withHeader(
                                "x-amzn-ErrorType",
                                "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/")
                        .withBody(
                                "{\"message\":\"User: arn:aws:sts::111122223333:assumed-role/RiposteResponder/riposte is not authorized"
                                        + " to perform: guardduty:ArchiveFindings\"}"));

        ExecutionResult r = handler.execute(ctx(ActionCommand.of("guardduty:archive-finding", null)));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).startsWith("AccessDeniedException: User: ").endsWith("guardduty:ArchiveFindings");
        assertThat(r.awsRequestId()).isEqualTo("req-denied");
        assertThat(r.requests()).extracting(AwsRequest::operation).containsExactly("GetFindings", "ArchiveFindings");
    }

    @Test
    void aDetectorGuardDutyRejectsFails() {
        aws.stub(
                post(urlPathEqualTo(GET)),
                jsonError(
                        400,
                        "BadRequestException",
                        "The request is rejected because the input detectorId is not owned by the current account."));

        ExecutionResult r = handler.execute(ctx(ActionCommand.of("guardduty:archive-finding", null)));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).startsWith("BadRequestException: The request is rejected");
    }

    @Test
    void withoutAFindingOrDetectorItCannotPlan() {
        SecurityEvent cloudTrail =
                Events.cloudTrail("StopLogging").id("ct-1").region("eu-west-1").build();
        assertThatThrownBy(() -> handler.plan(new ActionContext(
                        ActionCommand.of("guardduty:archive-finding", null), cloudTrail, Events.ACCOUNT, "eu-west-1")))
                .hasMessageContaining("needs a finding id");
        assertThatThrownBy(() -> handler.plan(new ActionContext(
                        ActionCommand.of("guardduty:archive-finding", FINDING),
                        cloudTrail,
                        Events.ACCOUNT,
                        "eu-west-1")))
                .hasMessageContaining("pass the detectorId parameter");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void malformedIdsAreRejectedWhenRulesLoad() {
        assertThat(handler.check(
                        ActionCommand.of("guardduty:archive-finding", "../x").with("detectorId", "d 1")))
                .containsExactly(
                        "guardduty:archive-finding target '../x' is not a GuardDuty finding id",
                        "guardduty:archive-finding detectorId 'd 1' is not a GuardDuty detector id");
        assertThat(handler.check(ActionCommand.of("guardduty:archive-finding", FINDING)))
                .isEmpty();
    }
}
