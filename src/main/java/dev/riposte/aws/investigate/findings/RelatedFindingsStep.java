package dev.riposte.aws.investigate.findings;

import static dev.riposte.aws.client.Requests.params;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.EventDetail;
import dev.riposte.aws.investigate.AwsStep;
import dev.riposte.aws.json.AwsJsonClient;
import dev.riposte.aws.json.JsonOperation;
import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code aws:related-findings}: the other GuardDuty and Security Hub findings about the event's EC2 instance, access key or
 * IAM user, updated within {@code riposte.investigate.related-window} before or after the event. GuardDuty: the event's
 * detector (else ListDetectors; none means GuardDuty is off: nothing to find), ListFindings filtered on the subject,
 * not archived, most severe first, then GetFindings for the details. Security Hub: GetFindings on the subject's
 * {@code ResourceId}, active, most severe first; its copies of GuardDuty findings already listed are left out, and an
 * account without Security Hub ({@code InvalidAccessException}) has nothing to find. Each service is one part: one failing
 * leaves an incomplete fact, both failing fail the step. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RelatedFindingsStep extends AwsStep {
    static final String NAME = "aws:related-findings";
    static final List<String> PERMISSIONS = List.of(
            "guardduty:ListDetectors", "guardduty:ListFindings", "guardduty:GetFindings", "securityhub:GetFindings");
    /** Findings read per service: the most severe ones. */
    static final int FETCH = 50;

    static final JsonOperation LIST_DETECTORS = JsonOperation.rest("guardduty", "ListDetectors", "GET", "/detector");
    static final JsonOperation LIST_FINDINGS =
            JsonOperation.rest("guardduty", "ListFindings", "POST", "/detector/{detectorId}/findings");
    static final JsonOperation GUARDDUTY_GET_FINDINGS =
            JsonOperation.rest("guardduty", "GetFindings", "POST", "/detector/{detectorId}/findings/get");
    static final JsonOperation SECURITYHUB_GET_FINDINGS =
            JsonOperation.rest("securityhub", "GetFindings", "POST", "/findings");
    static final String NOT_SUBSCRIBED = "InvalidAccessException";
    private static final Map<String, Double> SEVERITY_BY_LABEL =
            Map.of("INFORMATIONAL", 0.0, "LOW", 1.0, "MEDIUM", 4.0, "HIGH", 7.0, "CRITICAL", 9.0);

    private final Duration window;

    @Inject
    public RelatedFindingsStep(AwsClients clients, RiposteConfig config) {
        this(clients, config.investigate().relatedWindow());
    }

    public RelatedFindingsStep(AwsClients clients, Duration window) {
        super(NAME, PERMISSIONS, clients);
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException(
                    "riposte.investigate.related-window must be a positive duration, got " + window);
        }
        this.window = window;
    }

    /** The subjects the event names ({@link RelatedFindings#subjects}). */
    @Override
    public List<String> targets(SecurityEvent event) {
        return RelatedFindings.subjects(event);
    }

    @Override
    public Object gather(ActionContext ctx, String target, Consumer<String> problems) {
        SecurityEvent event = ctx.event();
        Subject subject = Subject.parse(target, event, ctx);
        Instant from = event.time().minus(window);
        Instant to = event.time().plus(window);
        List<RelatedFindings.Finding> found = new ArrayList<>();
        boolean complete = true;
        try {
            found.addAll(guardDuty(ctx, subject, from, to));
        } catch (SdkException | IllegalArgumentException e) {
            complete = false;
            problems.accept("GuardDuty: " + describe(e));
        }
        List<String> guardDutyIds =
                found.stream().map(RelatedFindings.Finding::id).toList();
        try {
            for (RelatedFindings.Finding f : securityHub(ctx, subject, from, to)) {
                if (guardDutyIds.stream().noneMatch(id -> f.id().endsWith("/finding/" + id))) {
                    found.add(f);
                }
            }
        } catch (SdkException | IllegalArgumentException e) {
            if (!complete) {
                throw e; // neither service answered: the step failed
            }
            complete = false;
            problems.accept("Security Hub: " + describe(e));
        }
        found.sort(Comparator.comparingDouble(RelatedFindings.Finding::severity)
                .reversed()
                .thenComparing(RelatedFindings.Finding::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return new RelatedFindings(event.id(), target, found, complete);
    }

    private List<RelatedFindings.Finding> guardDuty(ActionContext ctx, Subject subject, Instant from, Instant to) {
        AwsJsonClient guardduty = clients.json("guardduty", ctx);
        String detector = "guardduty".equals(ctx.event().source())
                ? EventDetail.text(EventDetail.at(ctx.event().detail(), "service"), "detectorId")
                : null;
        if (detector == null) {
            JsonNode ids = guardduty.call(LIST_DETECTORS, Map.of()).body().path("detectorIds");
            if (ids.isEmpty()) {
                return List.of(); // GuardDuty is not enabled here
            }
            detector = ids.get(0).asText();
        }
        Map<String, Object> criterion = params(
                subject.guardDutyField(),
                params("equals", List.of(subject.value())),
                "service.archived",
                params("equals", List.of("false")),
                "updatedAt",
                params("gte", from.toEpochMilli(), "lte", to.toEpochMilli()));
        JsonNode ids = guardduty
                .call(
                        LIST_FINDINGS,
                        params(
                                "detectorId",
                                detector,
                                "findingCriteria",
                                params("criterion", criterion),
                                "sortCriteria",
                                params("attributeName", "severity", "orderBy", "DESC"),
                                "maxResults",
                                FETCH))
                .body()
                .path("findingIds");
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> findingIds = new ArrayList<>();
        ids.forEach(id -> findingIds.add(id.asText()));
        List<RelatedFindings.Finding> out = new ArrayList<>();
        for (JsonNode f : guardduty
                .call(GUARDDUTY_GET_FINDINGS, params("detectorId", detector, "findingIds", findingIds))
                .body()
                .path("findings")) {
            out.add(new RelatedFindings.Finding(
                    "guardduty",
                    f.path("id").asText(),
                    text(f, "type"),
                    f.path("severity").asDouble(0),
                    text(f, "title"),
                    time(text(f, "updatedAt"))));
        }
        return out;
    }

    private List<RelatedFindings.Finding> securityHub(ActionContext ctx, Subject subject, Instant from, Instant to) {
        Map<String, Object> filters = params(
                "ResourceId", List.of(params("Value", subject.securityHubResourceId(), "Comparison", "EQUALS")),
                "RecordState", List.of(params("Value", "ACTIVE", "Comparison", "EQUALS")),
                "UpdatedAt", List.of(params("Start", from.toString(), "End", to.toString())));
        JsonNode findings;
        try {
            findings = clients.json("securityhub", ctx)
                    .call(
                            SECURITYHUB_GET_FINDINGS,
                            params(
                                    "Filters",
                                    filters,
                                    "SortCriteria",
                                    List.of(params("Field", "SeverityNormalized", "SortOrder", "desc")),
                                    "MaxResults",
                                    FETCH))
                    .body()
                    .path("Findings");
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null
                    && NOT_SUBSCRIBED.equals(e.awsErrorDetails().errorCode())) {
                return List.of(); // Security Hub is not enabled here
            }
            throw e;
        }
        List<RelatedFindings.Finding> out = new ArrayList<>();
        for (JsonNode f : findings) {
            String type = text(f.path("Compliance"), "SecurityControlId");
            if (type == null) {
                type = text(f.path("ProductFields"), "ControlId");
            }
            if (type == null && f.path("Types").size() > 0) {
                type = f.path("Types").get(0).asText();
            }
            JsonNode severity = f.path("Severity");
            double score = severity.has("Normalized")
                    ? severity.path("Normalized").asDouble() / 10.0
                    : SEVERITY_BY_LABEL.getOrDefault(severity.path("Label").asText(""), 0.0);
            out.add(new RelatedFindings.Finding(
                    "securityhub", f.path("Id").asText(), type, score, text(f, "Title"), time(text(f, "UpdatedAt"))));
        }
        return out;
    }

    @Override
    public Object forEvent(Object context, String eventId) {
        return ((RelatedFindings) context).withEventId(eventId);
    }

    /** What a target names, and how each service filters on it. */
    record Subject(String kind, String value, String securityHubResourceId) {
        static final String INSTANCE = RelatedFindings.INSTANCE;
        static final String ACCESS_KEY = RelatedFindings.ACCESS_KEY;
        static final String USER = RelatedFindings.USER;

        static Subject parse(String target, SecurityEvent event, ActionContext ctx) {
            String partition = ctx.region() != null && ctx.region().startsWith("cn-")
                    ? "aws-cn"
                    : ctx.region() != null && ctx.region().startsWith("us-gov-") ? "aws-us-gov" : "aws";
            if (target.startsWith(INSTANCE)) {
                String id = target.substring(INSTANCE.length());
                Resource r = event.resources().stream()
                        .filter(x -> id.equals(x.id()) && x.arn() != null)
                        .findFirst()
                        .orElse(null);
                String arn = r != null
                        ? r.arn()
                        : "arn:" + partition + ":ec2:" + ctx.region() + ":" + ctx.account() + ":instance/" + id;
                return new Subject(INSTANCE, id, arn);
            }
            if (target.startsWith(ACCESS_KEY)) {
                String key = target.substring(ACCESS_KEY.length());
                return new Subject(ACCESS_KEY, key, "AWS::IAM::AccessKey:" + key);
            }
            if (target.startsWith(USER)) {
                String name = target.substring(USER.length());
                return new Subject(USER, name, "arn:" + partition + ":iam::" + ctx.account() + ":user/" + name);
            }
            throw new IllegalArgumentException(
                    "not a related-findings target (instance/, access-key/ or user/): " + target);
        }

        String guardDutyField() {
            return switch (kind) {
                case INSTANCE -> "resource.instanceDetails.instanceId";
                case ACCESS_KEY -> "resource.accessKeyDetails.accessKeyId";
                default -> "resource.accessKeyDetails.userName";
            };
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.path(name);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    private static Instant time(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String describe(RuntimeException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
