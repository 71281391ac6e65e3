package dev.riposte.normalize;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.fact.SecurityHubFinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Security Hub (2025) findings in OCSF, as EventBridge delivers them ({@code Findings Imported V2}, one finding per
 * entry of {@code detail.findings}): class 2003 (compliance) and 2004 (detection) findings. They become
 * {@code securityhub} facts with the same fields as ASFF findings, so one rule serves both formats.
 */
final class OcsfFindingMapper {
    private OcsfFindingMapper() {}

    /** An OCSF finding: {@code finding_info} beside {@code class_uid} or {@code metadata}. */
    static boolean looksLike(View f) {
        return f.isObject()
                && f.get("finding_info").isObject()
                && (f.get("class_uid").exists() || f.get("metadata").isObject());
    }

    /** OCSF {@code severity_id} -> the lower bound of the ASFF label on the 0-10 scale (as SecurityHubMapper reads labels). */
    private static final Map<Integer, Double> SEVERITY_BY_ID = Map.of(1, 0.0, 2, 1.0, 3, 4.0, 4, 7.0, 5, 9.0, 6, 10.0);

    private static final Map<String, Integer> ID_BY_WORD =
            Map.of("INFORMATIONAL", 1, "LOW", 2, "MEDIUM", 3, "HIGH", 4, "CRITICAL", 5, "FATAL", 6);
    /** OCSF compliance.status words -> the ASFF Compliance.Status the SecurityHubFinding fact uses. */
    private static final Map<String, String> COMPLIANCE =
            Map.of("PASS", "PASSED", "WARNING", "WARNING", "FAIL", "FAILED");

    static Normalized map(View f, Envelope env) {
        f.requireObject("OCSF finding");
        View info = f.obj("finding_info");
        String id = info.get("uid").requireText("OCSF finding", "finding_info.uid");
        View compliance = f.obj("compliance");
        String control = compliance.text("control");
        List<String> types = new ArrayList<>();
        for (View t : info.get("types").items()) {
            if (t.text() != null) {
                types.add(t.text());
            }
        }
        String type = control != null
                ? control
                : !types.isEmpty() ? types.get(0) : GuardDutyMapper.or(info.text("title"), f.text("class_name"));
        if (type == null) {
            throw new BadInput(
                    "OCSF finding without compliance.control, finding_info.types, finding_info.title or class_name");
        }
        Instant time = env.timeOr(
                Times.first(
                        info.get("modified_time_dt"),
                        info.get("last_seen_time_dt"),
                        f.get("time_dt"),
                        info.get("created_time_dt"),
                        info.get("modified_time"),
                        f.get("time"),
                        info.get("created_time")),
                "OCSF finding without time (finding_info.modified_time_dt, time_dt, time, created_time)");
        List<View> rs = f.get("resources").items();
        String account = f.obj("cloud").obj("account").text("uid");
        if (account == null && !rs.isEmpty()) {
            account = rs.get(0).obj().obj("owner", "account").text("uid");
        }
        account = GuardDutyMapper.or(account, env.account());
        String region = GuardDutyMapper.or(f.obj("cloud").text("region"), env.region());
        List<Resource> resources = new ArrayList<>();
        for (View r : rs) {
            Resource res = resource(r.obj(), account, region);
            if (res != null) {
                resources.add(res);
            }
        }
        String severityWord = f.text("severity");
        Integer severityId = f.get("severity_id").integer();
        if (severityId == null && severityWord != null) {
            severityId = ID_BY_WORD.get(severityWord.toUpperCase(Locale.ROOT));
        }
        Double severity = severityId == null ? null : SEVERITY_BY_ID.get(severityId); // 0 Unknown, 99 Other: none
        View product = f.obj("metadata").obj("product");
        String status = f.text("status");
        String complianceStatus = compliance.text("status");
        SecurityHubFinding shf = new SecurityHubFinding(
                id,
                product.text("name"),
                product.text("vendor_name"),
                product.text("uid"),
                control,
                types,
                info.text("title"),
                upper(severityWord),
                complianceStatus == null
                        ? null
                        : COMPLIANCE.getOrDefault(upper(complianceStatus), upper(complianceStatus)),
                upper(status),
                "ARCHIVED".equals(upper(status)) || "DELETED".equals(upper(status)) ? "ARCHIVED" : "ACTIVE");
        SecurityEvent e = new SecurityEvent(
                id,
                "securityhub",
                type,
                time,
                account,
                region,
                severity,
                principal(f, rs, account),
                resources,
                null,
                Plain.map(f.raw()));
        return new Normalized(e, List.of(shf));
    }

    /** {@code In Progress} gives {@code IN_PROGRESS}, as ASFF writes its words. */
    private static String upper(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
    }

    /** A resource: CloudFormation {@code type} (ASFF names such as {@code AwsEc2Instance} translated), {@code uid} an ARN or an id. */
    private static Resource resource(View r, String account, String region) {
        String rawType = r.text("type");
        String uid = r.text("uid");
        if (uid == null) {
            uid = r.text("name");
        }
        if (rawType == null || uid == null) {
            return null;
        }
        String type = rawType.contains("::") ? rawType : SecurityHubMapper.cfnType(rawType);
        String arn = Arns.isArn(uid) ? uid : null;
        String id = uid;
        String resAccount = GuardDutyMapper.or(r.obj("owner", "account").text("uid"), account);
        if (arn != null) {
            Resource fromArn = Arns.resourceFromArn(arn, resAccount, region);
            id = fromArn.id();
            resAccount = fromArn.account();
        } else {
            arn = Arns.fromId(type, id, resAccount, GuardDutyMapper.or(r.text("region"), region));
        }
        if ("AWS::::Account".equals(type)) {
            id = resAccount;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (View t : r.get("tags").items()) {
            String k = t.obj().text("name");
            if (k != null) {
                String v = t.text("value");
                tags.put(k, v == null ? "" : v);
            }
        }
        boolean global = type.startsWith("AWS::IAM::") || "AWS::::Account".equals(type);
        return new Resource(
                type, id, arn, resAccount, global ? null : GuardDutyMapper.or(r.text("region"), region), tags);
    }

    /**
     * The actor: {@code actor.user} (with {@code src_endpoint.ip}); else, as for ASFF, an access key resource and the
     * user named on it; else {@code {type: Unknown, sourceIp}} when a source IP is given.
     */
    private static Principal principal(View f, List<View> resources, String account) {
        String ip = f.obj("src_endpoint").text("ip");
        View user = f.obj("actor").obj("user");
        if (user.exists() && (user.text("name") != null || user.text("uid") != null)) {
            String type = GuardDutyMapper.or(user.text("type"), "Unknown");
            String userAccount = GuardDutyMapper.or(user.obj("account").text("uid"), account);
            String arn = Arns.isArn(user.text("uid"))
                    ? user.text("uid")
                    : "IAMUser".equals(type) ? Arns.iamUser(userAccount, user.text("name")) : null;
            return new Principal(arn, type, user.text("name"), user.text("credential_uid"), ip, userAccount);
        }
        for (View r : resources) {
            if ("AWS::IAM::AccessKey".equals(r.text("type")) || "AwsIamAccessKey".equals(r.text("type"))) {
                View owner = r.obj("user");
                String type = GuardDutyMapper.or(owner.text("type"), "Unknown");
                String name = owner.text("name");
                String keyId = Arns.isArn(r.text("uid")) ? null : r.text("uid");
                String arn = "IAMUser".equals(type) ? Arns.iamUser(account, name) : null;
                return new Principal(arn, type, name, keyId, ip, account);
            }
        }
        return ip == null ? null : new Principal(null, "Unknown", null, null, ip, null);
    }
}
