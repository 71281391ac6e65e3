package dev.riposte.normalize;

import dev.riposte.fact.IngressPermission;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Resources (and related facts) derived from a CloudTrail record's requestParameters and
 * responseElements, one entry per covered eventName. The table of covered calls is documented in
 * docs/normalization.md; calls not in the table give no resources (the raw record stays in detail).
 */
final class CloudTrailResources {
    private CloudTrailResources() {}

    record Derived(List<Resource> resources, List<Object> related) {}

    /** What a derivation reads and writes. */
    static final class Ctx {
        final View record;
        final View req;
        final View resp;
        final String eventId;
        final String account;
        final String region;
        final Principal principal;
        final List<Resource> resources = new ArrayList<>();
        final List<Object> related = new ArrayList<>();

        Ctx(View record, String eventId, String account, String region, Principal principal) {
            this.record = record;
            this.req = record.obj("requestParameters");
            this.resp = record.obj("responseElements");
            this.eventId = eventId;
            this.account = account;
            this.region = region;
            this.principal = principal;
        }

        void add(String type, String id, String arn, boolean regional) {
            if (id == null) {
                return; // a record without the parameter (rule test cases trim them): no resource, not "detector/null"
            }
            for (Resource r : resources) {
                if (r.type().equals(type) && Objects.equals(r.id(), id)) {
                    return;
                }
            }
            resources.add(new Resource(type, id, arn, account, regional ? region : null, Map.of()));
        }

        void securityGroup(String groupId) {
            add(
                    "AWS::EC2::SecurityGroup",
                    groupId,
                    groupId != null && groupId.startsWith("sg-")
                            ? Arns.ec2(region, account, "security-group", groupId)
                            : null,
                    true);
        }

        void instance(String id) {
            add("AWS::EC2::Instance", id, Arns.ec2(region, account, "instance", id), true);
        }

        void iamUser(String name) {
            add("AWS::IAM::User", name, Arns.iamUser(account, name), false);
        }

        /** The user the call is about: the userName parameter, else the caller itself (IAM's default). */
        void targetUser() {
            String user = req.text("userName");
            if (user == null && principal != null && "IAMUser".equals(principal.type())) {
                user = principal.name();
            }
            iamUser(user);
        }

        void accessKey(String keyId) {
            add("AWS::IAM::AccessKey", keyId, null, false);
        }

        void iamRole(String name) {
            add("AWS::IAM::Role", name, Arns.iamRole(account, name), false);
        }

        void managedPolicy(String arn) {
            if (arn != null) {
                add("AWS::IAM::ManagedPolicy", Arns.idOf(arn), arn, false);
            }
        }

        void kmsKey(String keyIdOrArn) {
            if (Arns.isArn(keyIdOrArn)) {
                fromArn(keyIdOrArn);
            } else if (keyIdOrArn != null) {
                add(
                        "AWS::KMS::Key",
                        keyIdOrArn,
                        keyIdOrArn.startsWith("alias/")
                                ? null
                                : Arns.build("kms", region, account, "key/" + keyIdOrArn, true, true),
                        true);
            }
        }

        /** A resource named only by ARN: type, id, account and region come from the ARN. */
        void fromArn(String arn) {
            Resource r = Arns.resourceFromArn(arn, account, region);
            if (r == null) {
                return;
            }
            for (Resource have : resources) {
                if (have.type().equals(r.type()) && Objects.equals(have.id(), r.id())) {
                    return;
                }
            }
            resources.add(r);
        }
    }

    private static final Map<String, Consumer<Ctx>> RULES = new HashMap<>();

    private static void on(Consumer<Ctx> rule, String... eventNames) {
        for (String n : eventNames) {
            RULES.merge(n, rule, Consumer::andThen); // a call can touch several kinds (user and policy)
        }
    }

    static {
        // EC2: security groups
        on(
                c -> {
                    c.securityGroup(groupId(c));
                    ingressPermissions(c);
                },
                "AuthorizeSecurityGroupIngress");
        on(
                c -> c.securityGroup(GuardDutyMapper.or(groupId(c), c.resp.text("groupId"))),
                "AuthorizeSecurityGroupEgress",
                "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress",
                "CreateSecurityGroup",
                "DeleteSecurityGroup");
        on(
                c -> {
                    View r = c.req.obj("ModifySecurityGroupRulesRequest");
                    c.securityGroup(r.text("GroupId"));
                    modifiedIngressRules(c, r);
                },
                "ModifySecurityGroupRules");
        // EC2: instances, images, snapshots, key pairs, account settings
        on(
                c -> {
                    for (View i : c.resp.at("instancesSet", "items").items()) {
                        c.instance(i.obj().text("instanceId"));
                    }
                },
                "RunInstances");
        on(
                c -> {
                    for (View i : c.req.at("instancesSet", "items").items()) {
                        c.instance(i.obj().text("instanceId"));
                    }
                },
                "StopInstances",
                "TerminateInstances",
                "StartInstances");
        on(
                c -> c.instance(c.req.text("instanceId")),
                "ModifyInstanceAttribute",
                "GetPasswordData",
                "ModifyInstanceMetadataOptions",
                "AssociateIamInstanceProfile");
        on(
                c -> c.add(
                        "AWS::EC2::Snapshot",
                        c.req.text("snapshotId"),
                        Arns.build("ec2", c.region, null, "snapshot/" + c.req.text("snapshotId"), true, false),
                        true),
                "ModifySnapshotAttribute");
        on(
                c -> c.add(
                        "AWS::EC2::Image",
                        c.req.text("imageId"),
                        Arns.build("ec2", c.region, null, "image/" + c.req.text("imageId"), true, false),
                        true),
                "ModifyImageAttribute");
        on(
                c -> c.add(
                        "AWS::EC2::KeyPair",
                        c.req.text("keyName"),
                        Arns.ec2(c.region, c.account, "key-pair", c.req.text("keyName")),
                        true),
                "CreateKeyPair",
                "ImportKeyPair");
        on(
                c -> c.add("AWS::::Account", c.account, null, false),
                "DisableEbsEncryptionByDefault",
                "PutAccountPublicAccessBlock",
                "DeleteAccountPublicAccessBlock",
                "LeaveOrganization");
        // IAM: users, roles, policies, groups, MFA, access keys
        on(
                c -> {
                    c.targetUser();
                    c.add("AWS::IAM::User", c.resp.text("user", "userName"), c.resp.text("user", "arn"), false);
                },
                "CreateUser",
                "DeleteUser",
                "CreateLoginProfile",
                "UpdateLoginProfile",
                "DeleteLoginProfile",
                "PutUserPolicy",
                "DeleteUserPolicy",
                "DeactivateMFADevice",
                "AttachUserPolicy",
                "DetachUserPolicy",
                "AddUserToGroup");
        on(
                c -> {
                    c.accessKey(GuardDutyMapper.or(c.req.text("accessKeyId"), c.resp.text("accessKey", "accessKeyId")));
                    String user = GuardDutyMapper.or(c.req.text("userName"), c.resp.text("accessKey", "userName"));
                    if (user == null && c.principal != null && "IAMUser".equals(c.principal.type())) {
                        user = c.principal.name();
                    }
                    c.iamUser(user);
                },
                "CreateAccessKey",
                "UpdateAccessKey",
                "DeleteAccessKey");
        on(
                c -> c.iamRole(c.req.text("roleName")),
                "CreateRole",
                "DeleteRole",
                "PutRolePolicy",
                "DeleteRolePolicy",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "UpdateAssumeRolePolicy");
        on(
                c -> c.add(
                        "AWS::IAM::Group",
                        c.req.text("groupName"),
                        Arns.build("iam", null, c.account, "group/" + c.req.text("groupName"), false, true),
                        false),
                "AddUserToGroup",
                "AttachGroupPolicy",
                "PutGroupPolicy");
        on(
                c -> c.managedPolicy(c.req.text("policyArn")),
                "AttachUserPolicy",
                "DetachUserPolicy",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "AttachGroupPolicy",
                "CreatePolicyVersion",
                "SetDefaultPolicyVersion");
        on(c -> c.managedPolicy(c.resp.text("policy", "arn")), "CreatePolicy");
        // STS and sign-in
        on(
                c -> {
                    String roleArn = c.req.text("roleArn");
                    c.fromArn(roleArn);
                },
                "AssumeRole",
                "AssumeRoleWithSAML",
                "AssumeRoleWithWebIdentity");
        on(
                c -> {
                    if (c.principal != null && "IAMUser".equals(c.principal.type())) {
                        c.iamUser(c.principal.name());
                    }
                },
                "ConsoleLogin",
                "GetSessionToken",
                "GetFederationToken");
        // S3 buckets: policies, ACLs, public access blocks, encryption, logging, deletion
        on(
                c -> {
                    String bucket = c.req.text("bucketName");
                    c.add("AWS::S3::Bucket", bucket, Arns.s3Bucket(bucket), true);
                },
                "PutBucketPolicy",
                "DeleteBucketPolicy",
                "PutBucketAcl",
                "PutBucketPublicAccessBlock",
                "DeleteBucketPublicAccessBlock",
                "PutBucketEncryption",
                "DeleteBucketEncryption",
                "PutBucketLogging",
                "PutBucketVersioning",
                "DeleteBucket",
                "PutBucketReplication",
                "PutBucketWebsite",
                "PutBucketOwnershipControls");
        // CloudTrail trails
        on(
                c -> {
                    String name = GuardDutyMapper.or(c.req.text("name"), c.req.text("trailName"));
                    if (Arns.isArn(name)) {
                        c.fromArn(name); // a trail of another region (or account) keeps the ARN's region
                    } else {
                        c.add("AWS::CloudTrail::Trail", name, trailArn(c, name), true);
                    }
                },
                "StopLogging",
                "DeleteTrail",
                "UpdateTrail",
                "PutEventSelectors",
                "PutInsightSelectors");
        // KMS keys
        on(
                c -> c.kmsKey(GuardDutyMapper.or(c.resp.text("keyId"), c.req.text("keyId"))),
                "ScheduleKeyDeletion",
                "DisableKey",
                "PutKeyPolicy",
                "CreateGrant",
                "DisableKeyRotation");
        // detective controls switched off
        on(
                c -> c.add(
                        "AWS::GuardDuty::Detector",
                        c.req.text("detectorId"),
                        Arns.build(
                                "guardduty", c.region, c.account, "detector/" + c.req.text("detectorId"), true, true),
                        true),
                "DeleteDetector",
                "UpdateDetector",
                "DisassociateFromMasterAccount",
                "DisassociateFromAdministratorAccount",
                "CreateIPSet",
                "UpdateIPSet",
                "CreateFilter");
        on(
                c -> c.add("AWS::Config::ConfigurationRecorder", c.req.text("configurationRecorderName"), null, true),
                "StopConfigurationRecorder",
                "DeleteConfigurationRecorder");
        on(
                c -> c.add("AWS::Config::DeliveryChannel", c.req.text("deliveryChannelName"), null, true),
                "DeleteDeliveryChannel");
        on(
                c -> c.add(
                        "AWS::SecurityHub::Hub",
                        "default",
                        Arns.build("securityhub", c.region, c.account, "hub/default", true, true),
                        true),
                "DisableSecurityHub");
        on(
                c -> c.add(
                        "AWS::Logs::LogGroup",
                        c.req.text("logGroupName"),
                        c.req.text("logGroupName") == null
                                ? null
                                : Arns.build(
                                        "logs",
                                        c.region,
                                        c.account,
                                        "log-group:" + c.req.text("logGroupName"),
                                        true,
                                        true),
                        true),
                "DeleteLogGroup");
        on(
                c -> {
                    for (View id :
                            c.req.obj("DeleteFlowLogsRequest").get("FlowLogId").itemsOrSelf()) {
                        String flowLog = id.isObject() ? id.text("content") : id.text();
                        c.add(
                                "AWS::EC2::FlowLog",
                                flowLog,
                                Arns.ec2(c.region, c.account, "vpc-flow-log", flowLog),
                                true);
                    }
                },
                "DeleteFlowLogs");
        // RDS: public snapshots and instances
        on(c -> rds(c, "AWS::RDS::DBSnapshot", "snapshot", "dBSnapshotIdentifier"), "ModifyDBSnapshotAttribute");
        on(
                c -> rds(c, "AWS::RDS::DBClusterSnapshot", "cluster-snapshot", "dBClusterSnapshotIdentifier"),
                "ModifyDBClusterSnapshotAttribute");
        on(c -> rds(c, "AWS::RDS::DBInstance", "db", "dBInstanceIdentifier"), "ModifyDBInstance", "DeleteDBInstance");
        // Lambda functions (CloudTrail names carry an API version suffix, stripped before lookup)
        on(
                c -> {
                    String fn = c.req.text("functionName");
                    if (Arns.isArn(fn)) {
                        c.fromArn(fn);
                    } else {
                        c.add(
                                "AWS::Lambda::Function",
                                fn,
                                fn == null
                                        ? null
                                        : Arns.build("lambda", c.region, c.account, "function:" + fn, true, true),
                                true);
                    }
                },
                "AddPermission",
                "CreateFunction",
                "UpdateFunctionCode",
                "UpdateFunctionConfiguration",
                "CreateFunctionUrlConfig");
        // Secrets Manager
        on(
                c -> {
                    String secret = c.req.text("secretId");
                    if (Arns.isArn(secret)) {
                        c.fromArn(secret);
                    } else {
                        c.add("AWS::SecretsManager::Secret", secret, null, true);
                    }
                },
                "GetSecretValue",
                "DeleteSecret",
                "PutResourcePolicy");
    }

    static Derived derive(
            String eventName, View record, String eventId, String account, String region, Principal principal) {
        Ctx c = new Ctx(record, eventId, account, region, principal);
        Consumer<Ctx> rule = RULES.get(baseName(eventName));
        if (rule != null) {
            rule.accept(c);
        }
        // network activity events: the VPC endpoint the call went through, owned by vpcEndpointAccountId
        if ("NetworkActivity".equals(record.text("eventCategory"))) {
            String vpce = record.text("vpcEndpointId");
            String owner = GuardDutyMapper.or(record.text("vpcEndpointAccountId"), account);
            if (vpce != null) {
                c.resources.add(new Resource(
                        "AWS::EC2::VPCEndpoint",
                        vpce,
                        Arns.ec2(region, owner, "vpc-endpoint", vpce),
                        owner,
                        region,
                        Map.of()));
            }
        }
        // CloudTrail's own resources list (KMS, S3 data events, AssumeRole...) for every call
        for (View r : record.get("resources").items()) {
            if (r.isObject()) {
                c.fromArn(r.text("ARN"));
            }
        }
        return new Derived(c.resources, c.related);
    }

    /** {@code UpdateFunctionCode20150331v2} gives {@code UpdateFunctionCode}. */
    static String baseName(String eventName) {
        int end = eventName.length();
        int v = eventName.lastIndexOf('v');
        if (v > 0 && v < end - 1 && digits(eventName, v + 1, end)) {
            end = v;
        }
        return end >= 8 && digits(eventName, end - 8, end) ? eventName.substring(0, end - 8) : eventName;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return from < to;
    }

    private static String groupId(Ctx c) {
        return GuardDutyMapper.or(c.req.text("groupId"), c.req.text("groupName"));
    }

    /** The RDS resource the request parameter {@code param} names; its ARN is {@code arn:aws:rds:region:account:kind:id}. */
    private static void rds(Ctx c, String type, String kind, String param) {
        String id = c.req.text(param);
        c.add(type, id, id == null ? null : Arns.build("rds", c.region, c.account, kind + ":" + id, true, true), true);
    }

    /** ModifySecurityGroupRules: one IngressPermission per changed inbound rule with a source. */
    private static void modifiedIngressRules(Ctx c, View request) {
        for (View item : request.get("SecurityGroupRule").itemsOrSelf()) {
            View rule = item.obj().obj("SecurityGroupRule");
            String source = GuardDutyMapper.or(
                    rule.text("CidrIpv4"),
                    GuardDutyMapper.or(
                            rule.text("CidrIpv6"),
                            GuardDutyMapper.or(rule.text("ReferencedGroupId"), rule.text("PrefixListId"))));
            if (source != null) {
                c.related.add(new IngressPermission(
                        c.eventId,
                        request.text("GroupId"),
                        protocol(rule.text("IpProtocol")),
                        rule.get("FromPort").integer(),
                        rule.get("ToPort").integer(),
                        source));
            }
        }
    }

    /** Event names with a derivation, for the docs test. */
    static Set<String> covered() {
        return Collections.unmodifiableSet(RULES.keySet());
    }

    private static String trailArn(Ctx c, String name) {
        if (name == null) {
            return null;
        }
        return Arns.build("cloudtrail", c.region, c.account, "trail/" + name, true, true);
    }

    /** One IngressPermission per IPv4/IPv6 range, referenced group and prefix list of each permission. */
    static void ingressPermissions(Ctx c) {
        String groupId = GuardDutyMapper.or(c.req.text("groupId"), c.req.text("groupName"));
        List<View> perms = c.req.obj("ipPermissions").get("items").items();
        if (perms.isEmpty() && c.req.text("cidrIp") != null) {
            // the older flat form: cidrIp, ipProtocol, fromPort, toPort at the top of requestParameters
            c.related.add(new IngressPermission(
                    c.eventId,
                    groupId,
                    protocol(c.req.text("ipProtocol")),
                    c.req.get("fromPort").integer(),
                    c.req.get("toPort").integer(),
                    c.req.text("cidrIp")));
            return;
        }
        for (View p : perms) {
            p.obj();
            String proto = protocol(p.text("ipProtocol"));
            Integer from = p.get("fromPort").integer();
            Integer to = p.get("toPort").integer();
            List<String> sources = new ArrayList<>();
            for (View r : p.obj("ipRanges").get("items").items()) {
                sources.add(r.obj().text("cidrIp"));
            }
            for (View r : p.obj("ipv6Ranges").get("items").items()) {
                sources.add(r.obj().text("cidrIpv6"));
            }
            for (View r : p.obj("groups").get("items").items()) {
                sources.add(r.obj().text("groupId"));
            }
            for (View r : p.obj("prefixListIds").get("items").items()) {
                sources.add(r.obj().text("prefixListId"));
            }
            for (String s : sources) {
                if (s != null) {
                    c.related.add(new IngressPermission(c.eventId, groupId, proto, from, to, s));
                }
            }
        }
    }

    /** IANA numbers that CloudTrail sometimes records instead of names. */
    static String protocol(String p) {
        if (p == null) {
            return "-1";
        }
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "icmpv6";
            case "all" -> "-1";
            default -> p.toLowerCase(Locale.ROOT);
        };
    }
}
