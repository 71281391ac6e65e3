package dev.riposte.normalize;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GuardDuty findings, GetFindings (PascalCase) and EventBridge (camelCase) alike: every lookup goes
 * through the case-insensitive {@link View}, so one mapping serves both shapes.
 */
final class GuardDutyMapper {
    private GuardDutyMapper() {
    }

    /** True for a document that is a GuardDuty finding on its own (no envelope). */
    static boolean looksLike(View f) {
        return f.get("type").exists() && f.get("id").exists() && f.get("resource").isObject()
                && f.get("service").isObject()
                && "guardduty".equalsIgnoreCase(textOrNull(f.get("service").get("serviceName")));
    }

    static Normalized map(View f, Envelope env) {
        if (!f.isObject()) {
            throw new BadInput("GuardDuty finding is " + View.kind(f.raw()) + ", expected an object");
        }
        String id = f.get("id").requireText("GuardDuty finding", "id");
        String type = f.get("type").requireText("GuardDuty finding", "type");
        View service = f.obj("service");
        Instant time = Times.first(service.get("eventLastSeen"), f.get("updatedAt"), f.get("createdAt"));
        if (time == null) {
            time = env.time();
        }
        if (time == null) {
            throw new BadInput("GuardDuty finding without time (service.eventLastSeen, updatedAt, createdAt)");
        }
        String account = or(f.text("accountId"), env.account());
        String region = or(f.text("region"), env.region());
        Double severity = f.get("severity").number();
        if (severity != null && (severity < 0 || severity > 10)) {
            throw new BadInput("GuardDuty severity out of range 0-10: " + severity);
        }
        View resource = f.obj("resource");
        String remoteIp = remoteIp(service);
        Principal principal = principal(resource, account, remoteIp);
        List<Resource> resources = resources(resource, account, region);
        SecurityEvent e = new SecurityEvent(id, "guardduty", type, time, account, region, severity, principal,
                resources, null, Plain.map(f.raw()));
        return new Normalized(e, List.of());
    }

    /** The actor's remote IPv4 (or IPv6) address, from whichever action the finding carries. */
    static View remoteIpDetails(View service) {
        View action = service.obj("action");
        for (String kind : new String[] {"awsApiCallAction", "networkConnectionAction", "kubernetesApiCallAction",
                "rdsLoginAttemptAction"}) {
            View d = action.obj(kind).get("remoteIpDetails").obj();
            if (d.exists()) {
                return d;
            }
        }
        List<View> probes = action.obj("portProbeAction").get("portProbeDetails").items();
        if (!probes.isEmpty()) {
            return probes.get(0).obj().get("remoteIpDetails").obj();
        }
        return View.of(null);
    }

    private static String remoteIp(View service) {
        View d = remoteIpDetails(service);
        return or(d.text("ipAddressV4"), d.text("ipAddressV6"));
    }

    private static Principal principal(View resource, String account, String remoteIp) {
        View akd = resource.obj("accessKeyDetails");
        if (akd.exists()) {
            String userType = akd.text("userType");
            String userName = akd.text("userName");
            String arn = null;
            if ("IAMUser".equals(userType)) {
                arn = Arns.iamUser(account, userName);
            } else if ("Root".equals(userType) && account != null) {
                arn = "arn:aws:iam::" + account + ":root";
            }
            return new Principal(arn, userType, userName, akd.text("accessKeyId"), remoteIp, account);
        }
        if (remoteIp != null) {
            return new Principal(null, "Unknown", null, null, remoteIp, null);
        }
        return null;
    }

    private static List<Resource> resources(View resource, String account, String region) {
        List<Resource> out = new ArrayList<>();
        String rt = resource.text("resourceType");
        if (rt == null) {
            return out;
        }
        switch (rt) {
            case "Instance" -> {
                View inst = resource.obj("instanceDetails");
                String iid = inst.text("instanceId");
                if (iid != null) {
                    out.add(new Resource("AWS::EC2::Instance", iid, Arns.ec2(region, account, "instance", iid),
                            account, region, tags(inst.get("tags"))));
                }
            }
            case "AccessKey" -> {
                View akd = resource.obj("accessKeyDetails");
                String key = akd.text("accessKeyId");
                if (key != null) {
                    out.add(new Resource("AWS::IAM::AccessKey", key, null, account, null, Map.of()));
                }
                if ("IAMUser".equals(akd.text("userType")) && akd.text("userName") != null) {
                    String user = akd.text("userName");
                    out.add(new Resource("AWS::IAM::User", user, Arns.iamUser(account, user), account, null, Map.of()));
                }
            }
            case "S3Bucket" -> {
                for (View b : resource.get("s3BucketDetails").items()) {
                    String name = b.obj().text("name");
                    if (name != null) {
                        out.add(new Resource("AWS::S3::Bucket", name, or(b.text("arn"), Arns.s3Bucket(name)), account,
                                region, tags(b.get("tags"))));
                    }
                }
            }
            default -> {
                // other resource types are added with the richer mapping
            }
        }
        return out;
    }

    /** GuardDuty tags: a list of {key, value} (either case); a plain object is accepted too. */
    static Map<String, String> tags(View tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags.isObject()) {
            tags.raw().fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }
        for (View t : tags.items()) {
            String k = t.obj().text("key");
            if (k != null) {
                String v = t.text("value");
                out.put(k, v == null ? "" : v);
            }
        }
        return out;
    }

    static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static String textOrNull(View v) {
        return v.exists() && !v.raw().isContainerNode() ? v.raw().asText() : null;
    }
}
