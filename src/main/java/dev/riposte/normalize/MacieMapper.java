package dev.riposte.normalize;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Amazon Macie findings: the detail of {@code Macie Finding} events, or a finding as GetFindings returns it.
 * Sensitive data findings ({@code SensitiveData:S3Object/Personal}) and policy findings
 * ({@code Policy:IAMUser/S3BucketPublic}), whose actor becomes the principal.
 */
final class MacieMapper {
    private MacieMapper() {}

    /** A bare Macie finding: {@code resourcesAffected}, {@code category} and {@code type} beside {@code id}. */
    static boolean looksLike(View f) {
        return f.get("resourcesAffected").isObject()
                && f.get("category").exists()
                && f.get("type").exists()
                && f.get("id").exists();
    }

    static Normalized map(View f, Envelope env) {
        f.requireObject("Macie finding");
        String id = f.get("id").requireText("Macie finding", "id");
        String type = f.get("type").requireText("Macie finding", "type");
        Instant time = env.timeOr(
                Times.first(f.get("updatedAt"), f.get("createdAt")),
                "Macie finding without time (updatedAt, createdAt)");
        String account = GuardDutyMapper.or(f.text("accountId"), env.account());
        String region = GuardDutyMapper.or(f.text("region"), env.region());
        // Macie's own scale is score 1 (Low) to 3 (High); the word's lower bound puts it on 0-10
        Double severity = SecurityHubMapper.labelSeverity(f.obj("severity").text("description"));
        View affected = f.obj("resourcesAffected");
        List<Resource> resources = new ArrayList<>();
        View bucket = affected.obj("s3Bucket");
        String bucketName = bucket.text("name");
        if (bucketName != null) {
            resources.add(new Resource(
                    "AWS::S3::Bucket",
                    bucketName,
                    GuardDutyMapper.or(bucket.text("arn"), Arns.s3Bucket(bucketName)),
                    account,
                    region,
                    GuardDutyMapper.tags(bucket.get("tags"))));
        }
        View object = affected.obj("s3Object");
        String key = object.text("key");
        if (key != null && bucketName != null) {
            resources.add(new Resource(
                    "AWS::S3::Object",
                    bucketName + "/" + key,
                    "arn:aws:s3:::" + bucketName + "/" + key,
                    account,
                    region,
                    GuardDutyMapper.tags(object.get("tags"))));
        }
        SecurityEvent e = new SecurityEvent(
                id,
                "macie",
                type,
                time,
                account,
                region,
                severity,
                principal(f.obj("policyDetails").obj("actor")),
                resources,
                null,
                Plain.map(f.raw()));
        return new Normalized(e, List.of());
    }

    /** A policy finding's actor: {@code userIdentity} holds one object named after its {@code type}. */
    private static Principal principal(View actor) {
        View ui = actor.obj("userIdentity");
        String ip = actor.obj("ipAddressDetails").text("ipAddressV4");
        String type = ui.text("type");
        if (type == null) {
            return ip == null ? null : new Principal(null, "Unknown", null, null, ip, null);
        }
        return switch (type) {
            case "IAMUser" -> {
                View u = ui.obj("iamUser");
                yield new Principal(u.text("arn"), type, u.text("userName"), null, ip, u.text("accountId"));
            }
            case "AssumedRole" -> {
                View r = ui.obj("assumedRole");
                View issuer = r.obj("sessionContext").obj("sessionIssuer");
                yield new Principal(
                        r.text("arn"),
                        type,
                        GuardDutyMapper.or(issuer.text("userName"), Arns.idOf(issuer.text("arn"))),
                        r.text("accessKeyId"),
                        ip,
                        r.text("accountId"));
            }
            case "Root" -> {
                View r = ui.obj("root");
                String acct = r.text("accountId");
                yield new Principal(
                        GuardDutyMapper.or(
                                r.text("arn"),
                                acct == null ? null : Arns.build("iam", null, acct, "root", false, true)),
                        type,
                        "root",
                        r.text("accessKeyId"),
                        ip,
                        acct);
            }
            case "FederatedUser" -> {
                View u = ui.obj("federatedUser");
                yield new Principal(
                        u.text("arn"), type, Arns.idOf(u.text("arn")), u.text("accessKeyId"), ip, u.text("accountId"));
            }
            case "AWSAccount" ->
                new Principal(
                        null,
                        type,
                        ui.obj("awsAccount").text("accountId"),
                        null,
                        ip,
                        ui.obj("awsAccount").text("accountId"));
            case "AWSService" -> new Principal(null, type, ui.obj("awsService").text("invokedBy"), null, ip, null);
            default -> new Principal(null, type, null, null, ip, null);
        };
    }
}
