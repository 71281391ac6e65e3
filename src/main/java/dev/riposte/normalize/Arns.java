package dev.riposte.normalize;

import dev.riposte.fact.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds ARNs from ids when a source gives only ids, and reads resource type and id back from ARNs. */
final class Arns {
    private Arns() {}

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
    static String build(
            String service, String region, String account, String resource, boolean regional, boolean needsAccount) {
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
    private static final Set<String> GLOBAL_SERVICES = Set.of(
            "iam",
            "sts",
            "organizations",
            "route53",
            "cloudfront",
            "waf",
            "shield",
            "globalaccelerator",
            "budgets",
            "ce",
            "health",
            "support");

    /** How the resource id follows the resource-type prefix of an ARN's resource part. */
    enum Id {
        /** the next segment, up to a '/' or ':' ({@code function:f:$LATEST} gives {@code f}) */
        NAME,
        /** the next segment up to a ':' only, slashes kept ({@code log-group:/aws/lambda/f:*}) */
        NAME_TO_COLON,
        /** the last segment after a '/' (IAM names after their path: {@code role/service-role/r} gives {@code r}) */
        LAST,
        /** everything after the prefix (names that hold '/': secrets, parameters, ECR repositories) */
        REST
    }

    /** One row of the table: ARN service and resource-type prefix (empty: the whole resource part) -> CloudFormation type. */
    record Entry(String service, String kind, String type, Id id) {
        String key() {
            return service + ":" + kind;
        }
    }

    /** ARN service/resource-type -> CloudFormation type, and where the id sits; ArnsTest covers every row. */
    static final List<Entry> TABLE = List.of(
            new Entry("ec2", "instance", "AWS::EC2::Instance", Id.NAME),
            new Entry("ec2", "security-group", "AWS::EC2::SecurityGroup", Id.NAME),
            new Entry("ec2", "volume", "AWS::EC2::Volume", Id.NAME),
            new Entry("ec2", "snapshot", "AWS::EC2::Snapshot", Id.NAME),
            new Entry("ec2", "image", "AWS::EC2::Image", Id.NAME),
            new Entry("ec2", "vpc", "AWS::EC2::VPC", Id.NAME),
            new Entry("ec2", "subnet", "AWS::EC2::Subnet", Id.NAME),
            new Entry("ec2", "network-interface", "AWS::EC2::NetworkInterface", Id.NAME),
            new Entry("ec2", "network-acl", "AWS::EC2::NetworkAcl", Id.NAME),
            new Entry("ec2", "route-table", "AWS::EC2::RouteTable", Id.NAME),
            new Entry("ec2", "internet-gateway", "AWS::EC2::InternetGateway", Id.NAME),
            new Entry("ec2", "natgateway", "AWS::EC2::NatGateway", Id.NAME),
            new Entry("ec2", "elastic-ip", "AWS::EC2::EIP", Id.NAME),
            new Entry("ec2", "vpc-endpoint", "AWS::EC2::VPCEndpoint", Id.NAME),
            new Entry("ec2", "vpc-flow-log", "AWS::EC2::FlowLog", Id.NAME),
            new Entry("ec2", "launch-template", "AWS::EC2::LaunchTemplate", Id.NAME),
            new Entry("ec2", "transit-gateway", "AWS::EC2::TransitGateway", Id.NAME),
            new Entry("ec2", "key-pair", "AWS::EC2::KeyPair", Id.REST),
            new Entry("iam", "user", "AWS::IAM::User", Id.LAST),
            new Entry("iam", "role", "AWS::IAM::Role", Id.LAST),
            new Entry("iam", "policy", "AWS::IAM::ManagedPolicy", Id.LAST),
            new Entry("iam", "group", "AWS::IAM::Group", Id.LAST),
            new Entry("iam", "instance-profile", "AWS::IAM::InstanceProfile", Id.LAST),
            new Entry("iam", "saml-provider", "AWS::IAM::SAMLProvider", Id.LAST),
            new Entry("iam", "oidc-provider", "AWS::IAM::OIDCProvider", Id.REST),
            new Entry("iam", "server-certificate", "AWS::IAM::ServerCertificate", Id.LAST),
            new Entry("iam", "mfa", "AWS::IAM::VirtualMFADevice", Id.LAST),
            new Entry("iam", "root", "AWS::IAM::Root", Id.REST),
            new Entry("s3", "", "AWS::S3::Bucket", Id.REST),
            new Entry("lambda", "function", "AWS::Lambda::Function", Id.NAME),
            new Entry("lambda", "layer", "AWS::Lambda::LayerVersion", Id.NAME),
            new Entry("rds", "db", "AWS::RDS::DBInstance", Id.NAME),
            new Entry("rds", "cluster", "AWS::RDS::DBCluster", Id.NAME),
            new Entry("rds", "snapshot", "AWS::RDS::DBSnapshot", Id.NAME),
            new Entry("rds", "cluster-snapshot", "AWS::RDS::DBClusterSnapshot", Id.NAME),
            new Entry("kms", "key", "AWS::KMS::Key", Id.NAME),
            new Entry("kms", "alias", "AWS::KMS::Alias", Id.REST),
            new Entry("cloudtrail", "trail", "AWS::CloudTrail::Trail", Id.NAME),
            new Entry("eks", "cluster", "AWS::EKS::Cluster", Id.NAME),
            new Entry("eks", "nodegroup", "AWS::EKS::Nodegroup", Id.LAST),
            new Entry("ecs", "cluster", "AWS::ECS::Cluster", Id.NAME),
            new Entry("ecs", "service", "AWS::ECS::Service", Id.LAST),
            new Entry("ecs", "task", "AWS::ECS::Task", Id.LAST),
            new Entry("ecs", "task-definition", "AWS::ECS::TaskDefinition", Id.REST),
            new Entry("ecr", "repository", "AWS::ECR::Repository", Id.REST),
            new Entry("sns", "", "AWS::SNS::Topic", Id.REST),
            new Entry("sqs", "", "AWS::SQS::Queue", Id.REST),
            new Entry("secretsmanager", "secret", "AWS::SecretsManager::Secret", Id.REST),
            new Entry("ssm", "parameter", "AWS::SSM::Parameter", Id.REST),
            new Entry("ssm", "document", "AWS::SSM::Document", Id.NAME),
            new Entry("dynamodb", "table", "AWS::DynamoDB::Table", Id.NAME),
            new Entry("guardduty", "detector", "AWS::GuardDuty::Detector", Id.NAME),
            new Entry("config", "config-rule", "AWS::Config::ConfigRule", Id.NAME),
            new Entry("logs", "log-group", "AWS::Logs::LogGroup", Id.NAME_TO_COLON),
            new Entry("cloudformation", "stack", "AWS::CloudFormation::Stack", Id.NAME),
            new Entry("access-analyzer", "analyzer", "AWS::AccessAnalyzer::Analyzer", Id.NAME),
            new Entry("securityhub", "hub", "AWS::SecurityHub::Hub", Id.NAME),
            new Entry("states", "stateMachine", "AWS::StepFunctions::StateMachine", Id.NAME),
            new Entry("events", "rule", "AWS::Events::Rule", Id.LAST),
            new Entry("codebuild", "project", "AWS::CodeBuild::Project", Id.NAME),
            new Entry("elasticfilesystem", "file-system", "AWS::EFS::FileSystem", Id.NAME),
            new Entry("redshift", "cluster", "AWS::Redshift::Cluster", Id.NAME),
            new Entry("cloudwatch", "alarm", "AWS::CloudWatch::Alarm", Id.NAME_TO_COLON),
            new Entry("kinesis", "stream", "AWS::Kinesis::Stream", Id.NAME),
            new Entry("firehose", "deliverystream", "AWS::KinesisFirehose::DeliveryStream", Id.NAME),
            new Entry("acm", "certificate", "AWS::CertificateManager::Certificate", Id.NAME),
            new Entry("cloudfront", "distribution", "AWS::CloudFront::Distribution", Id.NAME),
            new Entry("route53", "hostedzone", "AWS::Route53::HostedZone", Id.NAME),
            new Entry("backup", "backup-vault", "AWS::Backup::BackupVault", Id.NAME),
            new Entry("sagemaker", "notebook-instance", "AWS::SageMaker::NotebookInstance", Id.NAME));

    private static final Map<String, Entry> BY_KEY;

    static {
        Map<String, Entry> m = new HashMap<>();
        for (Entry e : TABLE) {
            if (m.put(e.key(), e) != null) {
                throw new IllegalStateException("two rows for " + e.key());
            }
        }
        BY_KEY = Map.copyOf(m);
    }

    /** The table row an ARN falls under, or null (then its type is built from the ARN's own words). */
    static Entry entry(String arn) {
        if (!isArn(arn)) {
            return null;
        }
        String[] p = parts(arn);
        Entry e = BY_KEY.get(p[2] + ":" + kind(p[5]));
        return e != null ? e : BY_KEY.get(p[2] + ":");
    }

    /** The resource-type prefix of an ARN's resource part: up to the first '/' or ':', or the whole part. */
    private static String kind(String res) {
        for (int i = 0; i < res.length(); i++) {
            char c = res.charAt(i);
            if (c == '/' || c == ':') {
                return res.substring(0, i);
            }
        }
        return res;
    }

    private static String id(Entry e, String res) {
        String rest = e.kind().isEmpty() || res.length() <= e.kind().length()
                ? res
                : res.substring(e.kind().length() + 1);
        return switch (e.id()) {
            case REST -> rest;
            case LAST -> rest.substring(rest.lastIndexOf('/') + 1);
            case NAME, NAME_TO_COLON -> {
                for (int i = 0; i < rest.length(); i++) {
                    char c = rest.charAt(i);
                    if (c == ':' || (c == '/' && e.id() == Id.NAME)) {
                        yield rest.substring(0, i);
                    }
                }
                yield rest;
            }
        };
    }

    /**
     * A resource read from an ARN alone (EventBridge {@code resources}, custom events). The type is the
     * CloudFormation name from {@link #TABLE}, else {@code AWS::<SERVICE>::<Kind>} built from the ARN's words
     * ({@code assumed-role} gives {@code AssumedRole}).
     */
    static Resource resourceFromArn(String arn, String fallbackAccount, String fallbackRegion) {
        if (!isArn(arn)) {
            return null;
        }
        String[] p = parts(arn);
        String service = p[2];
        String res = p[5];
        String type;
        String id;
        Entry e = entry(arn);
        if ("s3".equals(service) && res.contains("/")) {
            type = "AWS::S3::Object";
            id = res;
        } else if (e != null) {
            type = e.type();
            id = id(e, res);
        } else {
            String kind = kind(res);
            type = "AWS::" + service.toUpperCase(Locale.ROOT) + "::" + (kind.equals(res) ? "Resource" : pascal(kind));
            id = kind.equals(res) ? res : idOf(arn);
        }
        String account = p[4].isEmpty() ? fallbackAccount : p[4];
        // ARNs of S3 buckets and objects omit the region although the bucket lives in one: the event's
        // region is where it was seen; global services (IAM, STS, CloudFront...) have none
        String region = !p[3].isEmpty() ? p[3] : GLOBAL_SERVICES.contains(service) ? null : fallbackRegion;
        return new Resource(type, id, arn, account, region, Map.of());
    }

    /** {@code assumed-role} gives {@code AssumedRole}. */
    private static String pascal(String kind) {
        StringBuilder sb = new StringBuilder(kind.length());
        boolean up = true;
        for (int i = 0; i < kind.length(); i++) {
            char c = kind.charAt(i);
            if (c == '-' || c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
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
