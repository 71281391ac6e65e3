package dev.riposte.normalize;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Application events. Two shapes (docs/normalization.md, "Custom events"): the documented custom
 * shape ({@code "source": "custom"} with the fact fields of docs/fact-model.md), and any other EventBridge event
 * (type = {@code detail-type}), whose detail may carry the same optional fields.
 */
final class CustomMapper {
    private CustomMapper() {}

    static boolean looksLike(View doc) {
        return "custom".equals(doc.text("source"))
                && doc.get("type").exists()
                && !doc.get("detail-type").exists();
    }

    /** The documented custom shape; strict: fields of the wrong kind are rejected. */
    static Normalized fromDocument(View doc) {
        doc.requireObject("custom event");
        String id = doc.get("id").requireText("custom event", "id");
        String type = doc.get("type").requireText("custom event", "type");
        Instant time = Times.first(doc.get("time"));
        if (time == null) {
            throw new BadInput("custom event without time");
        }
        String account = doc.text("account");
        String region = doc.text("region");
        String outcome = outcome(doc.get("outcome"));
        SecurityEvent e = new SecurityEvent(
                id,
                "custom",
                type,
                time,
                account,
                region,
                severity(doc.get("severity")),
                principal(doc.obj("principal")),
                resources(doc.get("resources"), account, region),
                outcome,
                Plain.map(doc.obj("detail").raw()));
        return new Normalized(e, List.of());
    }

    /** Any other EventBridge event. Optional fields in its detail are used when well-formed, else ignored. */
    static Normalized fromEventBridge(View envelope, Envelope env) {
        if (env.id() == null) {
            throw new BadInput("EventBridge event without id");
        }
        if (env.detailType() == null) {
            throw new BadInput("EventBridge event without detail-type");
        }
        if (env.time() == null) {
            throw new BadInput("EventBridge event without time");
        }
        View detail = envelope.get("detail");
        List<Resource> resources = new ArrayList<>();
        for (String arn : env.resources()) {
            Resource r = Arns.resourceFromArn(arn, env.account(), env.region());
            if (r != null) {
                resources.add(r);
            }
        }
        Double severity = null;
        Principal principal = null;
        String outcome = null;
        if (detail.isObject()) {
            severity = lenient(() -> severity(detail.get("severity")));
            principal = lenient(() -> principal(detail.obj("principal")));
            outcome = lenient(() -> outcome(detail.get("outcome")));
            List<Resource> extra = lenient(() -> resources(detail.get("resources"), env.account(), env.region()));
            if (extra != null) {
                resources.addAll(extra);
            }
        }
        SecurityEvent e = new SecurityEvent(
                env.id(),
                "custom",
                env.detailType(),
                env.time(),
                env.account(),
                env.region(),
                severity,
                principal,
                resources,
                outcome,
                detail.isObject() ? Plain.map(detail.raw()) : Map.of());
        return new Normalized(e, List.of());
    }

    private static <T> T lenient(Supplier<T> read) {
        try {
            return read.get();
        } catch (BadInput e) {
            return null; // a third-party event's own field of the same name: it stays in detail only
        }
    }

    private static Double severity(View v) {
        Double s = v.number();
        if (s != null && (s < 0 || s > 10)) {
            throw new BadInput(v.path() + " out of range 0-10: " + s);
        }
        return s;
    }

    private static String outcome(View v) {
        String s = v.text();
        if (s != null && !s.equals("success") && !s.equals("failure")) {
            throw new BadInput(v.path() + " must be success or failure: " + s);
        }
        return s;
    }

    private static Principal principal(View p) {
        if (!p.exists()) {
            return null;
        }
        return new Principal(
                p.text("arn"),
                GuardDutyMapper.or(p.text("type"), "Unknown"),
                p.text("name"),
                p.text("accessKeyId"),
                p.text("sourceIp"),
                p.text("account"));
    }

    private static List<Resource> resources(View list, String account, String region) {
        List<Resource> out = new ArrayList<>();
        for (View r : list.items()) {
            r.obj();
            String arn = r.text("arn");
            String type = r.text("type");
            if (type == null && Arns.isArn(arn)) {
                out.add(Arns.resourceFromArn(arn, account, region));
                continue;
            }
            if (type == null) {
                throw new BadInput(r.path() + " without type");
            }
            if (!type.contains("::")) {
                // e.g. Inspector's "AWS_EC2_INSTANCE": another sender's field, not the documented form
                throw new BadInput(
                        r.path() + ".type is not a CloudFormation type name (AWS::Service::Resource): " + type);
            }
            String id = GuardDutyMapper.or(r.text("id"), Arns.idOf(arn));
            if (id == null) {
                throw new BadInput(r.path() + " without id or arn");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            View t = r.get("tags").obj();
            if (t.exists()) {
                t.raw()
                        .fields()
                        .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            }
            String resAccount = GuardDutyMapper.or(r.text("account"), account);
            String resRegion = GuardDutyMapper.or(r.text("region"), region);
            if (arn == null) {
                arn = Arns.fromId(type, id, resAccount, resRegion); // built where the sender gave only the id
            }
            out.add(new Resource(type, id, arn, resAccount, resRegion, tags));
        }
        return out;
    }
}
