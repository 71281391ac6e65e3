package dev.riposte.fact;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What CloudTrail recorded (LookupEvents, in the event's region) for the access key, IAM user, EC2 instance role
 * credentials or source IP behind an event, inserted beside the {@link SecurityEvent} {@code eventId} for the same evaluation. The lookup
 * covers a
 * <em>baseline</em> period followed by the <em>window</em> ({@code riposte.investigate.activity-baseline} and
 * {@code -window}); what the window shows that the baseline does not is "new". CloudTrail records carry no
 * country, so countries are not summarised: GuardDuty's {@link GuardDutyFinding#remoteCountry()} has the finding's.
 *
 * @param eventId          the SecurityEvent id this summary was gathered for
 * @param subject          {@code accessKey/AKIA...}, {@code user/NAME}, {@code instance/i-...} (calls made with the
 *                         instance profile's role credentials, whose session CloudTrail names after the instance) or
 *                         {@code ip/203.0.113.7}
 * @param from             start of the window
 * @param to               end of the window (when the lookup ran)
 * @param baselineFrom     start of the baseline (which ends at {@code from})
 * @param events           CloudTrail events in the window
 * @param baselineEvents   CloudTrail events in the baseline that were read
 * @param callsByService   window calls per service ({@code iam}, {@code s3}... from {@code eventSource}), by name
 * @param errors           window calls that failed ({@code errorCode} set: AccessDenied and the like)
 * @param regions          regions of the window calls, sorted
 * @param sourceIps        IP addresses the window calls came from, sorted (service names such as
 *                         {@code ec2.amazonaws.com} left out)
 * @param newSourceIps     those of {@code sourceIps} not seen in the baseline
 * @param firstTimeActions window calls ({@code service:EventName}) not seen in the baseline, sorted
 * @param truncated        the lookup stopped at {@code riposte.investigate.activity-max-events}: the oldest part of
 *                         the baseline was not read, so "new" may be overstated
 */
public record ActivitySummary(
        String eventId,
        String subject,
        Instant from,
        Instant to,
        Instant baselineFrom,
        int events,
        int baselineEvents,
        Map<String, Integer> callsByService,
        int errors,
        List<String> regions,
        List<String> sourceIps,
        List<String> newSourceIps,
        List<String> firstTimeActions,
        boolean truncated)
        implements EventContext {

    public ActivitySummary {
        callsByService = callsByService == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(callsByService));
        regions = regions == null ? List.of() : List.copyOf(regions);
        sourceIps = sourceIps == null ? List.of() : List.copyOf(sourceIps);
        newSourceIps = newSourceIps == null ? List.of() : List.copyOf(newSourceIps);
        firstTimeActions = firstTimeActions == null ? List.of() : List.copyOf(firstTimeActions);
    }

    /** The same summary for another event (a cached investigation). */
    public ActivitySummary withEventId(String id) {
        return new ActivitySummary(
                id,
                subject,
                from,
                to,
                baselineFrom,
                events,
                baselineEvents,
                callsByService,
                errors,
                regions,
                sourceIps,
                newSourceIps,
                firstTimeActions,
                truncated);
    }

    /** {@code accessKey}, {@code user}, {@code instance} or {@code ip}: what {@link #subject()} names. */
    public String kind() {
        int slash = subject == null ? -1 : subject.indexOf('/');
        return slash < 0 ? null : subject.substring(0, slash);
    }

    /** The access key id, user name, instance id or IP of {@link #subject()}. */
    public String subjectId() {
        int slash = subject == null ? -1 : subject.indexOf('/');
        return slash < 0 ? subject : subject.substring(slash + 1);
    }

    /**
     * Used in the window from an IP the baseline never saw, when there is a baseline to compare with (a subject with
     * no earlier activity would make every IP "new").
     */
    public boolean isFromNewSourceIp() {
        return baselineEvents > 0 && !newSourceIps.isEmpty();
    }

    /** Calls to {@code service} ({@code iam}, {@code s3}...) in the window. */
    public int calls(String service) {
        return callsByService.getOrDefault(service, 0);
    }
}
