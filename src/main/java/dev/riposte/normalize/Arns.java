package dev.riposte.normalize;

import dev.riposte.fact.Resource;

import java.util.Map;

/** Builds ARNs from ids when a source gives only ids, and reads resource type and id back from ARNs. */
final class Arns {
    private Arns() {
    }

    static String partition(String region) {
        if (region == null) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}, or null when a needed part is missing. */
    static String build(String service, String region, String account, String resource, boolean regional,
                        boolean needsAccount) {
        if (resource == null || (regional && region == null) || (needsAccount && account == null)) {
            return null;
        }
        return "arn:" + partition(region) + ":" + service + ":" + (regional ? region : "") + ":"
                + (needsAccount ? account : "") + ":" + resource;
    }

    static String ec2(String region, String account, String kind, String id) {
        return id == null ? null : build("ec2", region, account, kind + "/" + id, true, true);
    }

    static String iamUser(String account, String name) {
        return name == null ? null : build("iam", null, account, "user/" + name, false, true);
    }

    static String iamRole(String account, String name) {
        return name == null ? null : build("iam", null, account, "role/" + name, false, true);
    }

    static String s3Bucket(String name) {
        return name == null ? null : "arn:aws:s3:::" + name;
    }

    static boolean isArn(String s) {
        return s != null && s.startsWith("arn:") && colon(s, 5) >= 0;
    }

    /** Index of the n-th colon (1-based), or -1; ARNs have five before the resource part. */
    private static int colon(String s, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf(':', at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }

    /** The six parts of an ARN (the resource part may hold more colons), like {@code split(":", 6)} without the regex. */
    static String[] parts(String arn) {
        String[] p = new String[6];
        int from = 0;
        for (int i = 0; i < 5; i++) {
            int c = arn.indexOf(':', from);
            p[i] = arn.substring(from, c);
            from = c + 1;
        }
        p[5] = arn.substring(from);
        return p;
    }

    /** The trailing id of an ARN's resource part ({@code instance/i-1} gives {@code i-1}). */
    static String idOf(String arn) {
        if (!isArn(arn)) {
            return arn;
        }
        String res = arn.substring(colon(arn, 5) + 1);
        int slash = res.lastIndexOf('/');
        if (slash >= 0) {
            return res.substring(slash + 1);
        }
        int colon = res.lastIndexOf(':');
        return colon >= 0 ? res.substring(colon + 1) : res;
    }

    /** Services whose resources belong to no region. */
    private static final java.util.Set<String> GLOBAL_SERVICES = java.util.Set.of("iam", "sts", "organizations",
            "route53", "cloudfront", "waf", "shield", "globalaccelerator", "budgets", "ce", "health", "support");

    /** ARN service and resource-type prefix -> CloudFormation type. */
    private static final Map<String, String> CFN_BY_ARN = Map.ofEntries(
            Map.entry("ec2:instance", "AWS::EC2::Instance"),
            Map.entry("ec2:security-group", "AWS::EC2::SecurityGroup"),
            Map.entry("ec2:volume", "AWS::EC2::Volume"),
            Map.entry("ec2:snapshot", "AWS::EC2::Snapshot"),
            Map.entry("ec2:image", "AWS::EC2::Image"),
            Map.entry("ec2:vpc", "AWS::EC2::VPC"),
            Map.entry("ec2:subnet", "AWS::EC2::Subnet"),
            Map.entry("ec2:network-interface", "AWS::EC2::NetworkInterface"),
            Map.entry("ec2:key-pair", "AWS::EC2::KeyPair"),
            Map.entry("iam:user", "AWS::IAM::User"),
            Map.entry("iam:role", "AWS::IAM::Role"),
            Map.entry("iam:policy", "AWS::IAM::ManagedPolicy"),
            Map.entry("iam:group", "AWS::IAM::Group"),
            Map.entry("iam:instance-profile", "AWS::IAM::InstanceProfile"),
            Map.entry("iam:root", "AWS::IAM::Root"),
            Map.entry("s3:", "AWS::S3::Bucket"),
            Map.entry("lambda:function", "AWS::Lambda::Function"),
            Map.entry("rds:db", "AWS::RDS::DBInstance"),
            Map.entry("rds:cluster", "AWS::RDS::DBCluster"),
            Map.entry("rds:snapshot", "AWS::RDS::DBSnapshot"),
            Map.entry("rds:cluster-snapshot", "AWS::RDS::DBClusterSnapshot"),
            Map.entry("kms:key", "AWS::KMS::Key"),
            Map.entry("kms:alias", "AWS::KMS::Alias"),
            Map.entry("cloudtrail:trail", "AWS::CloudTrail::Trail"),
            Map.entry("eks:cluster", "AWS::EKS::Cluster"),
            Map.entry("ecs:cluster", "AWS::ECS::Cluster"),
            Map.entry("ecs:task", "AWS::ECS::Task"),
            Map.entry("ecs:task-definition", "AWS::ECS::TaskDefinition"),
            Map.entry("sns:", "AWS::SNS::Topic"),
            Map.entry("sqs:", "AWS::SQS::Queue"),
            Map.entry("secretsmanager:secret", "AWS::SecretsManager::Secret"),
            Map.entry("dynamodb:table", "AWS::DynamoDB::Table"),
            Map.entry("guardduty:detector", "AWS::GuardDuty::Detector"),
            Map.entry("config:config-rule", "AWS::Config::ConfigRule"));

    /**
     * A resource read from an ARN alone (EventBridge {@code resources}, custom events). The type is
     * the CloudFormation name when known, else {@code AWS::<Service>::Resource}-like text built from the ARN.
     */
    static Resource resourceFromArn(String arn, String fallbackAccount, String fallbackRegion) {
        if (!isArn(arn)) {
            return null;
        }
        String[] p = parts(arn);
        String service = p[2];
        String res = p[5];
        String kind = res.contains("/") ? res.substring(0, res.indexOf('/'))
                : res.contains(":") ? res.substring(0, res.indexOf(':')) : "";
        String type = CFN_BY_ARN.get(service + ":" + kind);
        String id;
        if ("s3".equals(service) && res.contains("/")) {
            type = "AWS::S3::Object";
            id = res;
        } else if (type == null && CFN_BY_ARN.containsKey(service + ":")) {
            type = CFN_BY_ARN.get(service + ":");
            id = res;
        } else {
            id = kind.isEmpty() ? res : idOf(arn);
        }
        if (type == null) {
            type = "AWS::" + service.toUpperCase(java.util.Locale.ROOT) + "::" + (kind.isEmpty() ? "Resource" : kind);
        }
        String account = p[4].isEmpty() ? fallbackAccount : p[4];
        // ARNs of S3 buckets and objects omit the region although the bucket lives in one: the event's
        // region is where it was seen; global services (IAM, STS, CloudFront...) have none
        String region = !p[3].isEmpty() ? p[3] : GLOBAL_SERVICES.contains(service) ? null : fallbackRegion;
        return new Resource(type, id, arn, account, region, Map.of());
    }

    /**
     * The ARN of a resource given by CloudFormation type and id, for the types whose id is the ARN's last part
     * (Config resource ids, custom events); null for others (Config gives IAM resources by unique id, not name).
     */
    static String fromId(String type, String id, String account, String region) {
        return switch (type) {
            case "AWS::EC2::Instance" -> ec2(region, account, "instance", id);
            case "AWS::EC2::SecurityGroup" -> ec2(region, account, "security-group", id);
            case "AWS::EC2::Volume" -> ec2(region, account, "volume", id);
            case "AWS::EC2::VPC" -> ec2(region, account, "vpc", id);
            case "AWS::EC2::Subnet" -> ec2(region, account, "subnet", id);
            case "AWS::EC2::NetworkInterface" -> ec2(region, account, "network-interface", id);
            case "AWS::S3::Bucket" -> s3Bucket(id);
            default -> isArn(id) ? id : null;
        };
    }
}
