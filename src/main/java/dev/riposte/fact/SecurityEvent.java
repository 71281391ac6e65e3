package dev.riposte.fact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized security event: the fact every rule sees. Drools treats it as an event
 * (stream mode) stamped with {@link #timestamp()} and expired after the configured window.
 *
 * @param id        stable id of the event (finding id, CloudTrail eventID, EventBridge id)
 * @param source    {@code guardduty|cloudtrail|config|securityhub|inspector|macie|accessanalyzer|health|custom}
 * @param type      finding type, CloudTrail eventName, Config rule name, Health eventTypeCode or detail-type
 * @param time      when it happened (event time, not arrival time)
 * @param account   AWS account id the event is about
 * @param region    AWS region
 * @param severity  0-10, null where the source has none
 * @param principal who acted, null when unknown
 * @param resources what was acted on, never null
 * @param outcome   {@code success|failure} for API calls and logins, null otherwise
 * @param detail    the raw source document (maps, lists, strings, numbers) for anything not normalized
 */
public record SecurityEvent(
        String id,
        String source,
        String type,
        Instant time,
        String account,
        String region,
        Double severity,
        Principal principal,
        List<Resource> resources,
        String outcome,
        Map<String, Object> detail) {

    public SecurityEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        resources = resources == null ? List.of() : List.copyOf(resources);
        detail = detail == null ? Map.of() : detail;
    }

    /**
     * Hashes the identifying fields only (consistent with the record's {@code equals}, which compares all): the
     * default would hash the whole {@code detail} tree, and Drools hashes every inserted event (a third of the
     * rule session's cost per event).
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, time, account);
    }

    /** Event time in epoch millis: the Drools {@code @timestamp}. */
    public long timestamp() {
        return time.toEpochMilli();
    }

    /** Severity or 0 when the source has none, so {@code severityScore >= 7} never meets a null. */
    public double severityScore() {
        return severity == null ? 0.0 : severity;
    }

    /** The first resource of the given CloudFormation type, or null. */
    public Resource resource(String cfnType) {
        for (Resource r : resources) {
            if (r.type().equals(cfnType)) {
                return r;
            }
        }
        return null;
    }

    public boolean hasResource(String cfnType) {
        return resource(cfnType) != null;
    }

    /** A value of the raw detail by dotted path ({@code "service.action.actionType"}), or null. */
    public Object detail(String path) {
        return Paths.get(detail, path);
    }

    /** Like {@link #detail(String)} as a string: null when missing, text of scalars, JSON-ish text otherwise. */
    public String detailText(String path) {
        Object v = detail(path);
        return v == null ? null : String.valueOf(v);
    }

    /**
     * A raw detail value that may be a JSON document held as a string (IAM's {@code requestParameters.policyDocument},
     * KMS's {@code requestParameters.policy}) as a value: the string parsed (maps, lists, String, Long, Double,
     * Boolean), a value that is not a string as it is, null when missing or not JSON.
     */
    public Object detailJson(String path) {
        Object v = detail(path);
        if (v instanceof String text) {
            try {
                return Json.parse(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return v;
    }

    /**
     * A list in the raw detail, for {@code from} without casts: {@code $p : Map() from $e.detailList("x.items")};
     * empty (never null) when missing or not a list. A JSON string holding a list counts as the list.
     */
    public List<Object> detailList(String path) {
        return detailJson(path) instanceof List<?> l ? Collections.unmodifiableList(l) : List.of();
    }

    /** The map items of {@link #detailList}: {@code $item : Map(this["cidrIp"] == "0.0.0.0/0") from $e.detailMaps("...")}. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> detailMaps(String path) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : detailList(path)) {
            if (o instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    /**
     * The policy at {@code path} (an object, or a JSON string of one), or null: see {@link PolicyDocument}.
     * {@code PolicyDocument(grantsPublicAccess) from $e.policy("requestParameters.bucketPolicy")}.
     */
    public PolicyDocument policy(String path) {
        return PolicyDocument.of(detail(path));
    }

    public boolean isFailure() {
        return "failure".equals(outcome);
    }

    public boolean isSuccess() {
        return "success".equals(outcome);
    }
}
