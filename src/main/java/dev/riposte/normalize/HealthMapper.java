package dev.riposte.normalize;

import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS Health events ({@code AWS Health Event}, {@code AWS Health Abuse Event}). The envelope's region is where the
 * notification was delivered; the affected region is {@code detail.eventRegion}. Health rates no severity.
 */
final class HealthMapper {
    private HealthMapper() {}

    static Normalized map(View d, Envelope env) {
        d.requireObject("AWS Health event detail");
        String type = d.get("eventTypeCode").requireText("AWS Health event", "eventTypeCode");
        String id = GuardDutyMapper.or(env.id(), d.text("eventArn"));
        if (id == null) {
            throw new BadInput("AWS Health event without id or eventArn");
        }
        // the notification time: startTime of a scheduled change lies in the future
        Instant time = env.time();
        if (time == null) {
            time = Times.first(d.get("lastUpdatedTime"), d.get("startTime"));
        }
        if (time == null) {
            throw new BadInput("AWS Health event without time (envelope time, lastUpdatedTime, startTime)");
        }
        String account = GuardDutyMapper.or(d.text("affectedAccount"), env.account());
        String region = GuardDutyMapper.or(d.text("eventRegion"), env.region());
        List<String> entities = new ArrayList<>();
        for (View e : d.get("affectedEntities").items()) {
            String v = e.obj().text("entityValue");
            if (v != null) {
                entities.add(v);
            }
        }
        if (entities.isEmpty()) {
            entities = env.resources();
        }
        String service = d.text("service");
        List<Resource> resources = new ArrayList<>();
        for (String v : entities) {
            resources.add(entity(v, service, account, region));
        }
        SecurityEvent e = new SecurityEvent(
                id, "health", type, time, account, region, null, null, resources, null, Plain.map(d.raw()));
        return new Normalized(e, List.of());
    }

    /** An affected entity: an ARN, an instance, volume or access key id, else a resource of the event's service. */
    private static Resource entity(String v, String service, String account, String region) {
        if (Arns.isArn(v)) {
            return Arns.resourceFromArn(v, account, region);
        }
        if (v.startsWith("i-")) {
            return new Resource(
                    "AWS::EC2::Instance", v, Arns.ec2(region, account, "instance", v), account, region, Map.of());
        }
        if (v.startsWith("vol-")) {
            return new Resource(
                    "AWS::EC2::Volume", v, Arns.ec2(region, account, "volume", v), account, region, Map.of());
        }
        if (v.startsWith("AKIA") || v.startsWith("ASIA")) {
            return new Resource("AWS::IAM::AccessKey", v, null, account, null, Map.of());
        }
        return new Resource(
                "AWS::" + (service == null ? "Unknown" : service) + "::Resource", v, null, account, region, Map.of());
    }
}
