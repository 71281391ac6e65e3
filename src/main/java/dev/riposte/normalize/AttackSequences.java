package dev.riposte.normalize;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GuardDuty Extended Threat Detection attack sequences ({@code AttackSequence:IAM/CompromisedCredentials}...,
 * {@code resource.resourceType: AttackSequence}): the finding names no resource of its own; what it is about is in
 * {@code service.detection.sequence}. Its resources and actors become the fact's resources (each actor's user,
 * role and access key too, so a rule can contain every identity the sequence names) and the first actor its
 * principal, with the first endpoint's IP.
 */
final class AttackSequences {
    private AttackSequences() {}

    record Parties(Principal principal, List<Resource> resources) {}

    /** GuardDuty ResourceV2 types -> CloudFormation types (Kubernetes workloads and containers have none: kept as given). */
    private static final Map<String, String> CFN = Map.ofEntries(
            Map.entry("EC2_INSTANCE", "AWS::EC2::Instance"),
            Map.entry("EC2_NETWORK_INTERFACE", "AWS::EC2::NetworkInterface"),
            Map.entry("S3_BUCKET", "AWS::S3::Bucket"),
            Map.entry("S3_OBJECT", "AWS::S3::Object"),
            Map.entry("ACCESS_KEY", "AWS::IAM::AccessKey"),
            Map.entry("EKS_CLUSTER", "AWS::EKS::Cluster"),
            Map.entry("ECS_CLUSTER", "AWS::ECS::Cluster"),
            Map.entry("ECS_TASK", "AWS::ECS::Task"),
            Map.entry("AUTOSCALING_AUTO_SCALING_GROUP", "AWS::AutoScaling::AutoScalingGroup"),
            Map.entry("IAM_INSTANCE_PROFILE", "AWS::IAM::InstanceProfile"),
            Map.entry("CLOUDFORMATION_STACK", "AWS::CloudFormation::Stack"),
            Map.entry("EC2_LAUNCH_TEMPLATE", "AWS::EC2::LaunchTemplate"),
            Map.entry("EC2_VPC", "AWS::EC2::VPC"),
            Map.entry("EC2_IMAGE", "AWS::EC2::Image"));

    static Parties read(View sequence, String account, String region) {
        List<Resource> out = new ArrayList<>();
        for (View r : sequence.get("resources").items()) {
            add(out, resource(r.obj(), account, region));
        }
        String ip = null;
        for (View ep : sequence.get("endpoints").items()) {
            ip = ep.obj().text("ip");
            if (ip != null) {
                break;
            }
        }
        Principal principal = null;
        for (View a : sequence.get("actors").items()) {
            View user = a.obj().obj("user");
            String type = user.text("type");
            String name = user.text("name");
            if (type == null && name == null) {
                continue;
            }
            String userAccount = GuardDutyMapper.or(user.obj("account").text("uid"), account);
            String issuer = a.obj("session").text("issuer"); // sessionContext.sessionIssuer.arn in CloudTrail
            String key = user.text("credentialUid");
            String arn = null;
            if ("IAMUser".equals(type)) {
                arn = Arns.iamUser(userAccount, name);
                add(out, new Resource("AWS::IAM::User", name, arn, userAccount, null, Map.of()));
            } else if ("Root".equals(type)) {
                arn = Arns.build("iam", null, userAccount, "root", false, true);
            } else if (Arns.isArn(issuer)) {
                add(out, Arns.resourceFromArn(issuer, userAccount, null));
            }
            if (key != null) {
                add(out, new Resource("AWS::IAM::AccessKey", key, null, userAccount, null, Map.of()));
            }
            if (principal == null) {
                principal = new Principal(arn, GuardDutyMapper.or(type, "Unknown"), name, key, ip, userAccount);
            }
        }
        if (principal == null && ip != null) {
            principal = new Principal(null, "Unknown", null, null, ip, null);
        }
        return new Parties(principal, out);
    }

    private static Resource resource(View r, String account, String region) {
        String rawType = r.text("resourceType");
        String uid = r.text("uid");
        if (rawType == null || uid == null) {
            return null;
        }
        String type = CFN.getOrDefault(rawType, rawType);
        String resAccount = GuardDutyMapper.or(r.text("accountId"), account);
        String resRegion = GuardDutyMapper.or(r.text("region"), region);
        Map<String, String> tags = GuardDutyMapper.tags(r.get("tags"));
        if (Arns.isArn(uid)) {
            Resource a = Arns.resourceFromArn(uid, resAccount, resRegion);
            return new Resource(
                    type, a.id(), uid, a.account(), type.startsWith("AWS::IAM::") ? null : a.region(), tags);
        }
        String id = "AWS::S3::Bucket".equals(type) ? GuardDutyMapper.or(r.text("name"), uid) : uid;
        String arn = Arns.fromId(type, id, resAccount, resRegion);
        return new Resource(type, id, arn, resAccount, type.startsWith("AWS::IAM::") ? null : resRegion, tags);
    }

    private static void add(List<Resource> out, Resource r) {
        if (r == null) {
            return;
        }
        for (Resource have : out) {
            if (have.type().equals(r.type()) && Objects.equals(have.id(), r.id())) {
                return;
            }
        }
        out.add(r);
    }
}
