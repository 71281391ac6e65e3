package dev.riposte.aws.investigate.findings;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.riposte.aws.client.RestWire.json;
import static dev.riposte.aws.client.RestWire.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.investigate.AwsInvestigator;
import dev.riposte.fact.Events;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Principal;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** aws:related-findings against a local GuardDuty and Security Hub, run by the investigator as in serve. */
class RelatedFindingsStepTest {
    static final String INSTANCE = "i-0abcdef1234567890";
    static final String DETECTOR = "123456789012abcdef0123456789abcd";
    static final String OWN = "own0000000000000000000000000000a";
    static final String INSTANCE_ARN = "arn:aws:ec2:eu-west-1:111122223333:instance/" + INSTANCE;
    static final String LIST = "/detector/" + DETECTOR + "/findings";
    static final String GET = "/detector/" + DETECTOR + "/findings/get";

    final RestWire aws = new RestWire();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        aws.close();
    }

    AwsInvestigator investigator() {
        return new AwsInvestigator(
                List.of(new RelatedFindingsStep(aws.clients(), Duration.ofDays(1))),
                Duration.ofSeconds(20),
                Duration.ofMinutes(5));
    }

    /** A GuardDuty EC2 finding (EventBridge shape), its detector in {@code detail.service}. */
    static SecurityEvent ec2Finding() {
        return Events.guardDuty("Backdoor:EC2/C&CActivity.B")
                .id(OWN)
                .region("eu-west-1")
                .severity(8.0)
                .resources(new Resource(
                        "AWS::EC2::Instance", INSTANCE, INSTANCE_ARN, Events.ACCOUNT, "eu-west-1", Map.of()))
                .detail(Map.of("detail", Map.of("id", OWN, "service", Map.of("detectorId", DETECTOR))))
                .build();
    }

    static String gdFinding(String id, String type, double severity, String updatedAt) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"severity\":" + severity + ",\"title\":\"" + type
                + " seen\"," + "\"updatedAt\":\"" + updatedAt + "\",\"service\":{\"archived\":false}}";
    }

    void guardDutyAnswers() {
        aws.stub(post(urlPathEqualTo(LIST)), json(200, "{\"findingIds\":[\"" + OWN + "\",\"gd-2\",\"gd-3\"]}"));
        aws.stub(
                post(urlPathEqualTo(GET)),
                json(
                        200,
                        "{\"findings\":["
                                + gdFinding(OWN, "Backdoor:EC2/C&CActivity.B", 8.0, "2024-05-01T12:00:00.000Z") + ","
                                + gdFinding(
                                        "gd-2", "CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.5, "2024-04-30T10:00:00.000Z")
                                + ","
                                + gdFinding(
                                        "gd-3", "Recon:EC2/PortProbeUnprotectedPort", 2.0, "2024-04-30T09:00:00.000Z")
                                + "]}"));
    }

    void securityHubAnswers() {
        aws.stub(
                post(urlPathEqualTo("/findings")),
                json(
                        200,
                        "{\"Findings\":["
                                // Security Hub's copy of GuardDuty's gd-2: counted once
                                + "{\"Id\":\"arn:aws:guardduty:eu-west-1:111122223333:detector/" + DETECTOR
                                + "/finding/gd-2\",\"Types\":[\"TTPs/x\"],"
                                + "\"Severity\":{\"Normalized\":85},\"Title\":\"copy\",\"UpdatedAt\":\"2024-04-30T10:00:00.000Z\"},"
                                + "{\"Id\":\"arn:aws:securityhub:eu-west-1:111122223333:subscription/x/v/1.0.0/EC2.8/finding/f1\","
                                + "\"Compliance\":{\"SecurityControlId\":\"EC2.8\"},\"Severity\":{\"Label\":\"HIGH\",\"Normalized\":70},"
                                + "\"Title\":\"EC2 instances should use IMDSv2\",\"UpdatedAt\":\"2024-05-01T08:00:00.000Z\"},"
                                + "{\"Id\":\"inspector-1\",\"Types\":[\"Software and Configuration Checks/Vulnerabilities/CVE\"],"
                                + "\"Severity\":{\"Label\":\"CRITICAL\"},\"Title\":\"CVE-2024-0001\","
                                + "\"UpdatedAt\":\"2024-05-01T07:00:00.000Z\"}]}"));
    }

    @Test
    void countsAndRanksTheOtherFindingsAboutTheInstance() throws Exception {
        guardDutyAnswers();
        securityHubAnswers();
        List<Object> facts;
        try (AwsInvestigator inv = investigator()) {
            facts = inv.investigate(ec2Finding());
        }

        assertThat(facts).singleElement().isInstanceOf(RelatedFindings.class);
        RelatedFindings r = (RelatedFindings) facts.get(0);
        assertThat(r.eventId()).isEqualTo(OWN);
        assertThat(r.subject()).isEqualTo("instance/" + INSTANCE);
        assertThat(r.complete()).isTrue();
        assertThat(r.findings()).hasSize(5); // the event's own finding is kept in findings, left out of the counts
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.critical()).isEqualTo(1);
        assertThat(r.high()).isEqualTo(2);
        assertThat(r.medium()).isZero();
        assertThat(r.low()).isEqualTo(1);
        assertThat(r.severe()).isEqualTo(3);
        assertThat(r.maxSeverity()).isEqualTo(9.0);
        assertThat(r.top())
                .extracting(RelatedFindings.Finding::id)
                .containsExactly(
                        "inspector-1",
                        "gd-2",
                        "arn:aws:securityhub:eu-west-1:111122223333:subscription/x/v/1.0.0/EC2.8/finding/f1",
                        "gd-3");
        assertThat(r.top().get(2).type()).isEqualTo("EC2.8");
        assertThat(r.hasType("CryptoCurrency:")).isTrue();
        assertThat(r.hasType("Backdoor:")).isFalse(); // only the event itself is a backdoor finding

        // the exact requests: the event's detector (no ListDetectors), the window around the event's time
        assertThat(aws.lines()).containsExactly("POST " + LIST, "POST " + GET, "POST /findings");
        JsonNode list = json.readTree(aws.requests().get(0).getBodyAsString());
        assertThat(list.toString())
                .isEqualTo("{\"findingCriteria\":{\"criterion\":{\"resource.instanceDetails.instanceId\":"
                        + "{\"equals\":[\"" + INSTANCE
                        + "\"]},\"service.archived\":{\"equals\":[\"false\"]},\"updatedAt\":"
                        + "{\"gte\":1714478400000,\"lte\":1714651200000}}},\"sortCriteria\":{\"attributeName\":\"severity\","
                        + "\"orderBy\":\"DESC\"},\"maxResults\":50}");
        assertThat(aws.requests().get(1).getBodyAsString())
                .isEqualTo("{\"findingIds\":[\"" + OWN + "\",\"gd-2\",\"gd-3\"]}");
        assertThat(aws.requests().get(2).getBodyAsString())
                .isEqualTo(
                        "{\"Filters\":{\"ResourceId\":[{\"Value\":\"" + INSTANCE_ARN
                                + "\",\"Comparison\":\"EQUALS\"}],\"RecordState\":[{\"Value\":\"ACTIVE\",\"Comparison\":\"EQUALS\"}],"
                                + "\"UpdatedAt\":[{\"Start\":\"2024-04-30T12:00:00Z\",\"End\":\"2024-05-02T12:00:00Z\"}]},"
                                + "\"SortCriteria\":[{\"Field\":\"SeverityNormalized\",\"SortOrder\":\"desc\"}],\"MaxResults\":50}");
        assertThat(aws.requests().get(0).getHeader("Authorization")).contains("/eu-west-1/guardduty/aws4_request");
        assertThat(aws.requests().get(2).getHeader("Authorization")).contains("/eu-west-1/securityhub/aws4_request");
    }

    @Test
    void aPrincipalIsLookedUpByAccessKeyAndUser() {
        RelatedFindingsStep step = new RelatedFindingsStep(aws.clients(), Duration.ofDays(1));
        SecurityEvent iam = Events.guardDuty("UnauthorizedAccess:IAMUser/MaliciousIPCaller")
                .id("e-2")
                .region("eu-west-1")
                .severity(5.0)
                .principal(new Principal(
                        "arn:aws:iam::111122223333:user/alice",
                        "IAMUser",
                        "alice",
                        "AKIAIOSFODNN7EXAMPLE",
                        "198.51.100.23",
                        Events.ACCOUNT))
                .build();
        assertThat(step.targets(iam)).containsExactly("access-key/AKIAIOSFODNN7EXAMPLE", "user/alice");
        assertThat(step.targets(ec2Finding())).containsExactly("instance/" + INSTANCE);
    }

    @Test
    void theUserIsFoundByNameInGuardDutyAndByArnInSecurityHub() throws Exception {
        aws.stub(get(urlPathEqualTo("/detector")), json(200, "{\"detectorIds\":[\"d-9\"]}"));
        aws.stub(post(urlPathEqualTo("/detector/d-9/findings")), json(200, "{\"findingIds\":[]}"));
        aws.stub(post(urlPathEqualTo("/findings")), json(200, "{\"Findings\":[]}"));
        SecurityEvent hub = Events.event("securityhub", "IAM.5")
                .id("sh-1")
                .region("eu-west-1")
                .severity(5.0)
                .principal(new Principal(null, "IAMUser", "alice", null, null, Events.ACCOUNT))
                .build();

        List<Object> facts;
        try (AwsInvestigator inv = investigator()) {
            facts = inv.investigate(hub);
        }

        RelatedFindings r = (RelatedFindings) facts.get(0);
        assertThat(r.subject()).isEqualTo("user/alice");
        assertThat(r.any()).isFalse();
        // not a GuardDuty event: the detector is looked up; no finding ids, so no GetFindings
        assertThat(aws.lines()).containsExactly("GET /detector", "POST /detector/d-9/findings", "POST /findings");
        assertThat(json.readTree(aws.requests().get(1).getBodyAsString())
                        .at("/findingCriteria/criterion")
                        .has("resource.accessKeyDetails.userName"))
                .isTrue();
        assertThat(aws.requests().get(2).getBodyAsString())
                .contains("\"Value\":\"arn:aws:iam::111122223333:user/alice\"");
    }

    @Test
    void servicesThatAreNotEnabledHaveNothingToFind() {
        aws.stub(get(urlPathEqualTo("/detector")), json(200, "{\"detectorIds\":[]}"));
        aws.stub(
                post(urlPathEqualTo("/findings")),
                jsonError(401, "InvalidAccessException", "Account 111122223333 is not subscribed to AWS Security Hub"));
        SecurityEvent hub = Events.event("securityhub", "EC2.8")
                .id("sh-1")
                .region("eu-west-1")
                .severity(5.0)
                .resources(ec2Finding().resources())
                .build();

        List<Object> facts;
        try (AwsInvestigator inv = investigator()) {
            facts = inv.investigate(hub);
        }

        assertThat(facts).singleElement().satisfies(f -> {
            assertThat(((RelatedFindings) f).complete()).isTrue();
            assertThat(((RelatedFindings) f).total()).isZero();
        });
    }

    @Test
    void oneServiceFailingLeavesAnIncompleteFactAndSaysWhy() {
        aws.stub(
                post(urlPathEqualTo(LIST)),
                jsonError(403, "AccessDeniedException", "not authorized to perform: guardduty:ListFindings"));
        securityHubAnswers();

        List<Object> facts;
        try (AwsInvestigator inv = investigator()) {
            facts = inv.investigate(ec2Finding());
        }

        assertThat(facts).hasSize(2);
        RelatedFindings r = (RelatedFindings) facts.get(0);
        assertThat(r.complete()).isFalse();
        assertThat(r.total())
                .isEqualTo(3); // Security Hub's, its GuardDuty copy included now that GuardDuty's is missing
        InvestigationIncomplete why = (InvestigationIncomplete) facts.get(1);
        assertThat(why.step()).isEqualTo("aws:related-findings instance/" + INSTANCE);
        assertThat(why.reason())
                .isEqualTo(
                        "GuardDuty: AccessDeniedException: not authorized to perform: guardduty:ListFindings; fix: allow"
                                + " the role guardduty:ListDetectors, guardduty:ListFindings, guardduty:GetFindings,"
                                + " securityhub:GetFindings (riposte iam-policy prints them, statement RiposteReads),"
                                + " or set riposte.investigate.enabled=false for a trial");
    }

    @Test
    void bothServicesFailingFailTheStep() {
        aws.stub(post(urlPathEqualTo(LIST)), jsonError(403, "AccessDeniedException", "no guardduty"));
        aws.stub(post(urlPathEqualTo("/findings")), jsonError(403, "AccessDeniedException", "no securityhub"));

        List<Object> facts;
        try (AwsInvestigator inv = investigator()) {
            facts = inv.investigate(ec2Finding());
        }

        assertThat(facts)
                .singleElement()
                .isInstanceOfSatisfying(
                        InvestigationIncomplete.class,
                        i -> assertThat(i.reason())
                                .isEqualTo("AccessDeniedException: no securityhub; fix: allow the role "
                                        + "guardduty:ListDetectors, guardduty:ListFindings, guardduty:GetFindings,"
                                        + " securityhub:GetFindings"
                                        + " (riposte iam-policy prints them, statement RiposteReads),"
                                        + " or set riposte.investigate.enabled=false for a trial"));
    }

    @Test
    void aCachedResultServesTheNextEventWithoutItsOwnFinding() {
        guardDutyAnswers();
        securityHubAnswers();
        try (AwsInvestigator inv = investigator()) {
            inv.investigate(ec2Finding());
            SecurityEvent next = Events.guardDuty("CryptoCurrency:EC2/BitcoinTool.B!DNS")
                    .id("gd-2")
                    .region("eu-west-1")
                    .severity(8.5)
                    .resources(ec2Finding().resources())
                    .detail(ec2Finding().detail())
                    .build();
            RelatedFindings r = (RelatedFindings) inv.investigate(next).get(0);
            assertThat(r.eventId()).isEqualTo("gd-2");
            assertThat(r.related())
                    .extracting(RelatedFindings.Finding::id)
                    .doesNotContain("gd-2")
                    .contains(OWN);
        }
        assertThat(aws.requests()).hasSize(3); // the second event was served from the cache
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> new RelatedFindingsStep(aws.clients(), Duration.ZERO))
                .hasMessage("riposte.investigate.related-window must be a positive duration, got PT0S");
    }
}
