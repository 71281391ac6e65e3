package dev.riposte.aws.investigate.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.EventDetail;
import dev.riposte.aws.investigate.AwsStep;
import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * {@code cloudtrail:recent-activity}: CloudTrail LookupEvents (the event's region, management events of the last 90
 * days) for the event's access key ({@code AccessKeyId}), else its IAM user ({@code Username}), else the role
 * credentials of its EC2 instance ({@code Username} = the instance id: CloudTrail names the instance profile's
 * assumed-role session after the instance), else its source IP (LookupEvents cannot filter by IP: the account's
 * events are read and filtered here). The lookup covers the baseline
 * then the window, newest first, {@value #PAGE} per page, and stops at {@code maxEvents} (LookupEvents allows two
 * calls a second per account and region). Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class ActivityStep extends AwsStep {
    static final String NAME = "cloudtrail:recent-activity";
    static final List<String> PERMISSIONS = List.of("cloudtrail:LookupEvents");
    static final int PAGE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Principal types CloudTrail names as the caller: an instance the event names is then what they acted on. */
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    /**
     * @param window    {@code riposte.investigate.activity-window}: the recent period summarised
     * @param baseline  {@code riposte.investigate.activity-baseline}: the period before it that counts as usual
     * @param maxEvents {@code riposte.investigate.activity-max-events}: CloudTrail records read at most per lookup
     */
    public record Settings(Duration window, Duration baseline, int maxEvents) {
        public Settings {
            if (window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException(
                        "riposte.investigate.activity-window must be a positive duration, got " + window);
            }
            if (baseline == null || baseline.isNegative()) {
                throw new IllegalArgumentException(
                        "riposte.investigate.activity-baseline must not be negative, got " + baseline);
            }
            if (window.plus(baseline).compareTo(Duration.ofDays(90)) > 0) {
                throw new IllegalArgumentException(
                        "riposte.investigate.activity-window plus -baseline must be at most 90 days"
                                + " (CloudTrail's event history), got " + window.plus(baseline));
            }
            if (maxEvents < 1 || maxEvents > 10_000) {
                throw new IllegalArgumentException(
                        "riposte.investigate.activity-max-events must be 1..10000, got " + maxEvents);
            }
        }
    }

    private final Settings settings;
    private final Clock clock;

    @Inject
    public ActivityStep(AwsClients clients, RiposteConfig config) {
        this(
                clients,
                new Settings(
                        config.investigate().activityWindow(),
                        config.investigate().activityBaseline(),
                        config.investigate().activityMaxEvents()),
                Clock.systemUTC());
    }

    public ActivityStep(AwsClients clients, Settings settings, Clock clock) {
        super(NAME, PERMISSIONS, clients);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One subject, the most specific the event names: its access key, else its IAM user, else its EC2 instance's role
     * session when no API caller is named (a GuardDuty EC2 finding: its remote IP is the network peer, a Tor node or
     * a command-and-control server, not who called AWS), else its source IP.
     */
    @Override
    public List<String> targets(SecurityEvent event) {
        Principal p = event.principal();
        Resource key = event.resource("AWS::IAM::AccessKey");
        Object gdKey = EventDetail.at(event.detail(), "resource.accessKeyDetails");
        String keyId = key != null && key.id() != null
                ? key.id()
                : p != null && p.accessKeyId() != null ? p.accessKeyId() : EventDetail.text(gdKey, "accessKeyId");
        if (keyId != null && keyId.matches("[A-Z0-9]{16,128}")) {
            return List.of("accessKey/" + keyId);
        }
        Resource user = event.resource("AWS::IAM::User");
        if (user != null && (user.id() != null || user.arn() != null)) {
            String u = user.id() != null ? user.id() : user.arn();
            return List.of("user/" + u.substring(u.lastIndexOf('/') + 1));
        }
        if (p != null && "IAMUser".equals(p.type()) && p.name() != null) {
            return List.of("user/" + p.name());
        }
        Resource instance = event.resource("AWS::EC2::Instance");
        if (instance != null
                && instance.id() != null
                && INSTANCE_ID.matcher(instance.id()).matches()
                && (p == null || !p.isAwsCaller())) {
            return List.of("instance/" + instance.id());
        }
        if (p != null && ActivityTally.isIp(p.sourceIp())) {
            return List.of("ip/" + p.sourceIp());
        }
        return List.of();
    }

    @Override
    public Object gather(ActionContext ctx, String target, Consumer<String> problems) {
        int slash = target.indexOf('/');
        String kind = slash < 0 ? "" : target.substring(0, slash);
        String id = target.substring(slash + 1);
        LookupAttribute attribute = switch (kind) {
            case "accessKey" ->
                LookupAttribute.builder()
                        .attributeKey(LookupAttributeKey.ACCESS_KEY_ID)
                        .attributeValue(id)
                        .build();
            // an instance profile's session is named after the instance, and LookupEvents' Username is the session name
            case "user", "instance" ->
                LookupAttribute.builder()
                        .attributeKey(LookupAttributeKey.USERNAME)
                        .attributeValue(id)
                        .build();
            case "ip" -> null;
            default ->
                throw new IllegalArgumentException(
                        "not an activity subject (accessKey/ID, user/NAME, instance/i-ID or ip/ADDRESS): " + target);
        };
        Instant to = clock.instant();
        Instant from = to.minus(settings.window());
        Instant baselineFrom = from.minus(settings.baseline());
        CloudTrailClient cloudTrail = clients.client("cloudtrail", ctx, CloudTrailClient::builder);
        List<ActivityTally.Call> calls = new ArrayList<>();
        int read = 0;
        String token = null;
        boolean truncated = false;
        do {
            if (Thread.currentThread().isInterrupted()) { // timed out: the investigator has given up on us
                throw new IllegalStateException("interrupted after " + read + " CloudTrail records");
            }
            LookupEventsRequest.Builder request = LookupEventsRequest.builder()
                    .startTime(baselineFrom)
                    .endTime(to)
                    .maxResults(Math.min(PAGE, settings.maxEvents() - read))
                    .nextToken(token);
            if (attribute != null) {
                request.lookupAttributes(attribute);
            }
            LookupEventsResponse page = cloudTrail.lookupEvents(request.build());
            for (Event e : page.events()) {
                read++;
                ActivityTally.Call c = call(e);
                if (attribute != null || id.equals(c.sourceIp())) {
                    calls.add(c);
                }
            }
            token = page.nextToken();
            if (token != null && read >= settings.maxEvents()) {
                truncated = true;
                break;
            }
        } while (token != null && !token.isEmpty());
        return ActivityTally.summarise(ctx.event().id(), target, baselineFrom, from, to, calls, truncated);
    }

    /** The record's time, service and name from the lookup; IP, region and error code from the record itself. */
    static ActivityTally.Call call(Event e) {
        JsonNode record = null;
        if (e.cloudTrailEvent() != null) {
            try {
                record = JSON.readTree(e.cloudTrailEvent());
            } catch (IOException ignored) {
                record = null; // the lookup's own fields still count
            }
        }
        String source = e.eventSource() != null ? e.eventSource() : text(record, "eventSource");
        return new ActivityTally.Call(
                e.eventTime(),
                ActivityTally.service(source),
                e.eventName(),
                text(record, "errorCode"),
                text(record, "awsRegion"),
                text(record, "sourceIPAddress"));
    }

    private static String text(JsonNode record, String field) {
        JsonNode n = record == null ? null : record.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public Object forEvent(Object context, String eventId) {
        return ((ActivitySummary) context).withEventId(eventId);
    }
}
