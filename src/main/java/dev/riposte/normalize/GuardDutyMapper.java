package dev.riposte.normalize;

import dev.riposte.fact.GuardDutyFinding;
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
    private GuardDutyMapper() {}

    /** True for a document that is a GuardDuty finding on its own (no envelope). */
    static boolean looksLike(View f) {
        // resource is optional: findings exported without it (SIEM test data) are still GuardDuty's
        return f.get("type").exists()
                && f.get("id").exists()
                && f.get("service").isObject()
                && "guardduty".equalsIgnoreCase(textOrNull(f.get("service").get("serviceName")));
    }

    static Normalized map(View f, Envelope env) {
        f.requireObject("GuardDuty finding");
        String id = f.get("id").requireText("GuardDuty finding", "id");
        String type = f.get("type").requireText("GuardDuty finding", "type");
        View service = f.obj("service");
        Instant time = env.timeOr(
                Times.first(service.get("eventLastSeen"), f.get("updatedAt"), f.get("createdAt")),
                "GuardDuty finding without time (service.eventLastSeen, updatedAt, createdAt)");
        String account = or(f.text("accountId"), env.account());
        String region = or(f.text("region"), env.region());
        Double severity = f.get("severity").number();
        if (severity != null && (severity < 0 || severity > 10)) {
            throw new BadInput("GuardDuty severity out of range 0-10: " + severity);
        }
        View resource = f.obj("resource");
        String remoteIp = remoteIp(service);
        Principal principal = principal(resource, account, region, remoteIp);
        List<Resource> resources = resources(resource, account, region);
        if ("AttackSequence".equals(resource.text("resourceType"))) {
            AttackSequences.Parties parties =
                    AttackSequences.read(service.obj("detection").obj("sequence"), account, region);
            resources = parties.resources();
            principal = parties.principal() != null ? parties.principal() : principal;
        }
        SecurityEvent e = new SecurityEvent(
                id,
                "guardduty",
                type,
                time,
                account,
                region,
                severity,
                principal,
                resources,
                null,
                Plain.camelMap(f.raw()));
        return new Normalized(e, List.of(finding(id, service)));
    }

    private static GuardDutyFinding finding(String id, View service) {
        View action = service.obj("action");
        View remote = remoteIpDetails(service);
        View org = remote.obj("organization");
        View conn = action.obj("networkConnectionAction");
        List<View> probes =
                action.obj("portProbeAction").get("portProbeDetails").items();
        Integer localPort = conn.obj("localPortDetails").get("port").integer();
        if (localPort == null && !probes.isEmpty()) {
            localPort = probes.get(0).obj().obj("localPortDetails").get("port").integer();
        }
        Boolean archived = service.get("archived").bool();
        Boolean sample = service.obj("additionalInfo").get("sample").bool();
        return new GuardDutyFinding(
                id,
                action.text("actionType"),
                action.obj("awsApiCallAction").text("api"),
                or(remote.text("ipAddressV4"), remote.text("ipAddressV6")),
                remote.obj("country").text("countryName"),
                org.text("asn"),
                or(org.text("asnOrg"), org.text("org")),
                conn.obj("remotePortDetails").get("port").integer(),
                localPort,
                conn.text("connectionDirection"),
                service.text("resourceRole"),
                service.get("count").integer(),
                Times.first(service.get("eventFirstSeen")),
                Times.first(service.get("eventLastSeen")),
                Boolean.TRUE.equals(archived),
                Boolean.TRUE.equals(sample),
                service.text("detectorId"));
    }

    /** The actor's remote IPv4 (or IPv6) address, from whichever action the finding carries. */
    static View remoteIpDetails(View service) {
        View action = service.obj("action");
        for (String kind : new String[] {
            "awsApiCallAction", "networkConnectionAction", "kubernetesApiCallAction", "rdsLoginAttemptAction"
        }) {
            View d = action.obj(kind).get("remoteIpDetails").obj();
            if (d.exists()) {
                return d;
            }
        }
        List<View> probes =
                action.obj("portProbeAction").get("portProbeDetails").items();
        if (!probes.isEmpty()) {
            return probes.get(0).obj().get("remoteIpDetails").obj();
        }
        return View.of(null);
    }

    private static String remoteIp(View service) {
        View d = remoteIpDetails(service);
        return or(d.text("ipAddressV4"), d.text("ipAddressV6"));
    }

    private static Principal principal(View resource, String account, String region, String remoteIp) {
        View akd = resource.obj("accessKeyDetails");
        if (akd.exists()) {
            String userType = akd.text("userType");
            String userName = akd.text("userName");
            String arn = null;
            if ("IAMUser".equals(userType)) {
                arn = Arns.iamUser(account, userName);
            } else if ("Root".equals(userType) && account != null) {
                arn = "arn:aws:iam::" + account + ":root";
            } else if ("AssumedRole".equals(userType)) {
                arn = assumedRole(account, region, userName, akd.text("principalId"));
            }
            return new Principal(arn, userType, userName, akd.text("accessKeyId"), remoteIp, account);
        }
        View k8sUser = resource.obj("kubernetesDetails", "kubernetesUserDetails");
        if (k8sUser.text("username") != null) {
            return new Principal(null, "KubernetesUser", k8sUser.text("username"), null, remoteIp, account);
        }
        View dbUser = resource.obj("rdsDbUserDetails");
        if (dbUser.text("user") != null) {
            return new Principal(null, "DatabaseUser", dbUser.text("user"), null, remoteIp, account);
        }
        if (remoteIp != null) {
            return new Principal(null, "Unknown", null, null, remoteIp, null);
        }
        return null;
    }

    /**
     * The resources of the finding: those named by {@code resourceType} first, then any other detail
     * blocks present (runtime findings carry an instance beside the cluster, for example). An access
     * key is a resource only for {@code AccessKey} findings; elsewhere it is the actor (principal).
     */
    private static List<Resource> resources(View resource, String account, String region) {
        Out out = new Out(account, region);
        String rt = resource.text("resourceType");
        if ("AccessKey".equals(rt)) {
            accessKey(resource, out);
        }
        if ("S3Bucket".equals(rt) || "S3Object".equals(rt)) {
            buckets(resource, out);
        }
        instance(resource.obj("instanceDetails"), out);
        View eks = resource.obj("eksClusterDetails");
        out.add("AWS::EKS::Cluster", eks.text("name"), eks.text("arn"), tags(eks.get("tags")));
        View ecs = resource.obj("ecsClusterDetails");
        out.add("AWS::ECS::Cluster", ecs.text("name"), ecs.text("arn"), tags(ecs.get("tags")));
        View task = ecs.obj("taskDetails");
        out.add("AWS::ECS::Task", Arns.idOf(task.text("arn")), task.text("arn"), tags(task.get("tags")));
        View fn = resource.obj("lambdaDetails");
        out.add(
                "AWS::Lambda::Function",
                or(fn.text("functionName"), Arns.idOf(fn.text("functionArn"))),
                fn.text("functionArn"),
                tags(fn.get("tags")));
        for (View sg : fn.obj("vpcConfig").get("securityGroups").items()) {
            securityGroup(sg.obj().text("groupId"), out);
        }
        View db = resource.obj("rdsDbInstanceDetails");
        out.add(
                "AWS::RDS::DBInstance",
                db.text("dbInstanceIdentifier"),
                db.text("dbInstanceArn"),
                tags(db.get("tags")));
        if (!"S3Bucket".equals(rt) && !"S3Object".equals(rt)) {
            buckets(resource, out);
        }
        return out.list;
    }

    private static void instance(View inst, Out out) {
        String iid = inst.text("instanceId");
        if (iid == null) {
            return;
        }
        out.add("AWS::EC2::Instance", iid, Arns.ec2(out.region, out.account, "instance", iid), tags(inst.get("tags")));
        for (View ni : inst.get("networkInterfaces").items()) {
            String eni = ni.obj().text("networkInterfaceId");
            out.add(
                    "AWS::EC2::NetworkInterface",
                    eni,
                    Arns.ec2(out.region, out.account, "network-interface", eni),
                    Map.of());
            for (View sg : ni.get("securityGroups").items()) {
                securityGroup(sg.obj().text("groupId"), out);
            }
        }
        String profile = inst.obj("iamInstanceProfile").text("arn");
        if (profile != null) {
            out.add("AWS::IAM::InstanceProfile", Arns.idOf(profile), profile, Map.of(), false);
        }
    }

    /**
     * The session ARN {@code arn:aws:sts::A:assumed-role/ROLE/SESSION}, as CloudTrail names the same caller:
     * {@code userName} is the role's name and {@code principalId} is {@code AROA...:SESSION}. The finding gives no
     * role path, and a session ARN has none, so this ARN is exact where a role ARN could not be. Without a session
     * name, the role ARN (path unknown: only its name is reliable). The partition follows the finding's region.
     */
    private static String assumedRole(String account, String region, String role, String principalId) {
        if (role == null) {
            return null;
        }
        int colon = principalId == null ? -1 : principalId.indexOf(':');
        if (colon < 0 || colon == principalId.length() - 1) {
            return Arns.build("iam", region, account, "role/" + role, false, true);
        }
        String session = principalId.substring(colon + 1);
        return Arns.build("sts", region, account, "assumed-role/" + role + "/" + session, false, true);
    }

    private static void securityGroup(String id, Out out) {
        out.add("AWS::EC2::SecurityGroup", id, Arns.ec2(out.region, out.account, "security-group", id), Map.of());
    }

    private static void accessKey(View resource, Out out) {
        View akd = resource.obj("accessKeyDetails");
        String key = akd.text("accessKeyId");
        if (key != null) {
            out.add("AWS::IAM::AccessKey", key, null, Map.of(), false);
        }
        String user = akd.text("userName");
        if ("IAMUser".equals(akd.text("userType")) && user != null) {
            out.add("AWS::IAM::User", user, Arns.iamUser(out.account, user), Map.of(), false);
        }
    }

    private static void buckets(View resource, Out out) {
        for (View b : resource.get("s3BucketDetails").items()) {
            String name = b.obj().text("name");
            if (name != null) {
                out.add("AWS::S3::Bucket", name, or(b.text("arn"), Arns.s3Bucket(name)), tags(b.get("tags")));
            }
        }
    }

    /** Resource list without duplicates (the same security group on two interfaces). */
    private static final class Out {
        final String account;
        final String region;
        final List<Resource> list = new ArrayList<>();

        Out(String account, String region) {
            this.account = account;
            this.region = region;
        }

        void add(String type, String id, String arn, Map<String, String> tags) {
            add(type, id, arn, tags, true);
        }

        void add(String type, String id, String arn, Map<String, String> tags, boolean regional) {
            if (id == null) {
                return;
            }
            for (Resource r : list) {
                if (r.type().equals(type) && r.id().equals(id)) {
                    return;
                }
            }
            list.add(new Resource(type, id, arn, account, regional ? region : null, tags));
        }
    }

    /** GuardDuty tags: a list of {key, value} (either case); a plain object is accepted too. */
    static Map<String, String> tags(View tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags.isObject()) {
            tags.raw()
                    .fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
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
