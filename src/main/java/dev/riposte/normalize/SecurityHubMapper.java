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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Security Hub findings in the AWS Security Finding Format (ASFF): one fact per finding. */
final class SecurityHubMapper {
    private SecurityHubMapper() {}

    /** A control id at the end of a standards GeneratorId: {@code .../v/1.0.0/S3.2} or {@code security-control/S3.2}. */
    private static final Pattern CONTROL =
            Pattern.compile("(?:^|/)(?:security-control/|v/[^/]+/)([A-Z][A-Za-z0-9]*\\.\\d+)$");

    /** {@code ThreatPurpose:ResourceTypeAffected-Rest} (GuardDuty resource types hold no dash). */
    private static final Pattern GUARDDUTY_TYPE = Pattern.compile("([A-Za-z0-9]+:[A-Za-z0-9]+)-(.+)");

    private static final Map<String, String> SEVERITY_BY_LABEL =
            Map.of("INFORMATIONAL", "0", "LOW", "1", "MEDIUM", "4", "HIGH", "7", "CRITICAL", "9");

    /** ASFF resource types -> CloudFormation type names; unknown ones are kept as ASFF gives them. */
    private static final Map<String, String> CFN = Map.ofEntries(
            Map.entry("AwsEc2Instance", "AWS::EC2::Instance"),
            Map.entry("AwsEc2SecurityGroup", "AWS::EC2::SecurityGroup"),
            Map.entry("AwsEc2Volume", "AWS::EC2::Volume"),
            Map.entry("AwsEc2Vpc", "AWS::EC2::VPC"),
            Map.entry("AwsEc2Subnet", "AWS::EC2::Subnet"),
            Map.entry("AwsEc2NetworkInterface", "AWS::EC2::NetworkInterface"),
            Map.entry("AwsEc2NetworkAcl", "AWS::EC2::NetworkAcl"),
            Map.entry("AwsEc2Eip", "AWS::EC2::EIP"),
            Map.entry("AwsEc2LaunchTemplate", "AWS::EC2::LaunchTemplate"),
            Map.entry("AwsS3Bucket", "AWS::S3::Bucket"),
            Map.entry("AwsS3Object", "AWS::S3::Object"),
            Map.entry("AwsS3AccountPublicAccessBlock", "AWS::::Account"),
            Map.entry("AwsAccount", "AWS::::Account"),
            Map.entry("AwsIamAccessKey", "AWS::IAM::AccessKey"),
            Map.entry("AwsIamUser", "AWS::IAM::User"),
            Map.entry("AwsIamRole", "AWS::IAM::Role"),
            Map.entry("AwsIamGroup", "AWS::IAM::Group"),
            Map.entry("AwsIamPolicy", "AWS::IAM::ManagedPolicy"),
            Map.entry("AwsLambdaFunction", "AWS::Lambda::Function"),
            Map.entry("AwsRdsDbInstance", "AWS::RDS::DBInstance"),
            Map.entry("AwsRdsDbCluster", "AWS::RDS::DBCluster"),
            Map.entry("AwsRdsDbSnapshot", "AWS::RDS::DBSnapshot"),
            Map.entry("AwsRdsDbClusterSnapshot", "AWS::RDS::DBClusterSnapshot"),
            Map.entry("AwsKmsKey", "AWS::KMS::Key"),
            Map.entry("AwsEksCluster", "AWS::EKS::Cluster"),
            Map.entry("AwsEcsCluster", "AWS::ECS::Cluster"),
            Map.entry("AwsEcsTaskDefinition", "AWS::ECS::TaskDefinition"),
            Map.entry("AwsEcsService", "AWS::ECS::Service"),
            Map.entry("AwsEcrRepository", "AWS::ECR::Repository"),
            Map.entry("AwsCloudTrailTrail", "AWS::CloudTrail::Trail"),
            Map.entry("AwsSnsTopic", "AWS::SNS::Topic"),
            Map.entry("AwsSqsQueue", "AWS::SQS::Queue"),
            Map.entry("AwsDynamoDbTable", "AWS::DynamoDB::Table"),
            Map.entry("AwsElbv2LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
            Map.entry("AwsElbLoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer"),
            Map.entry("AwsCloudFrontDistribution", "AWS::CloudFront::Distribution"),
            Map.entry("AwsSecretsManagerSecret", "AWS::SecretsManager::Secret"),
            Map.entry("AwsApiGatewayRestApi", "AWS::ApiGateway::RestApi"),
            Map.entry("AwsAutoScalingAutoScalingGroup", "AWS::AutoScaling::AutoScalingGroup"),
            Map.entry("AwsOpenSearchServiceDomain", "AWS::OpenSearchService::Domain"),
            Map.entry("AwsRedshiftCluster", "AWS::Redshift::Cluster"),
            Map.entry("AwsCodeBuildProject", "AWS::CodeBuild::Project"),
            Map.entry("AwsWafWebAcl", "AWS::WAF::WebACL"));

    static boolean looksLike(View f) {
        return f.isObject()
                && f.get("SchemaVersion").exists()
                && f.get("ProductArn").exists()
                && f.get("GeneratorId").exists()
                && f.get("AwsAccountId").exists();
    }

    /**
     * The lower bound of a severity word on the 0-10 scale (INFORMATIONAL 0, LOW 1, MEDIUM 4, HIGH 7, CRITICAL 9), as
     * Security Hub, Inspector and Macie write them in any case; null for other words (Inspector's UNTRIAGED).
     */
    static Double labelSeverity(String label) {
        String v = label == null ? null : SEVERITY_BY_LABEL.get(label.toUpperCase(Locale.ROOT));
        return v == null ? null : Double.valueOf(v);
    }

    /** ASFF resource type -> CloudFormation type name, or the ASFF name when unknown. */
    static String cfnType(String asffType) {
        return CFN.getOrDefault(asffType, asffType);
    }

    /**
     * The findings of a document: {@code findings}/{@code Findings} list, or the document itself; each in ASFF
     * ({@code Security Hub Findings - Imported}) or OCSF ({@code Findings Imported V2}).
     */
    static List<Normalized> mapAll(View doc, Envelope env) {
        View list = doc.get("findings");
        if (!list.exists()) {
            return List.of(OcsfFindingMapper.looksLike(doc) ? OcsfFindingMapper.map(doc, env) : map(doc, env));
        }
        List<Normalized> out = new ArrayList<>();
        List<View> findings = list.items();
        for (int i = 0; i < findings.size(); i++) {
            try {
                View f = findings.get(i);
                out.add(OcsfFindingMapper.looksLike(f) ? OcsfFindingMapper.map(f, env) : map(f, env));
            } catch (BadInput e) {
                throw new BadInput("findings[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    static Normalized map(View f, Envelope env) {
        f.requireObject("Security Hub finding");
        String id = f.get("Id").requireText("Security Hub finding", "Id");
        View compliance = f.obj("Compliance");
        String controlId = controlId(f, compliance);
        List<String> types = new ArrayList<>();
        for (View t : f.get("Types").items()) {
            if (t.text() != null) {
                types.add(t.text());
            }
        }
        String type = controlId != null ? controlId : guardDutyType(f, types);
        if (type == null) {
            type = types.isEmpty() ? f.text("Title") : types.get(0);
        }
        if (type == null) {
            throw new BadInput("Security Hub finding without Types, control id or Title");
        }
        Instant time = env.timeOr(
                Times.first(f.get("LastObservedAt"), f.get("UpdatedAt"), f.get("CreatedAt")),
                "Security Hub finding without time (LastObservedAt, UpdatedAt, CreatedAt)");
        String account = GuardDutyMapper.or(f.text("AwsAccountId"), env.account());
        String region = GuardDutyMapper.or(f.text("Region"), env.region());
        View sev = f.obj("Severity");
        Double severity = severity(sev);
        List<Resource> resources = new ArrayList<>();
        for (View r : f.get("Resources").items()) {
            Resource res = resource(r.obj(), account, region);
            if (res != null) {
                resources.add(res);
            }
        }
        Principal principal = principal(f, account);
        String workflow = GuardDutyMapper.or(f.obj("Workflow").text("Status"), f.text("WorkflowState"));
        SecurityHubFinding shf = new SecurityHubFinding(
                id,
                f.text("ProductName"),
                f.text("CompanyName"),
                f.text("GeneratorId"),
                controlId,
                types,
                f.text("Title"),
                sev.text("Label"),
                compliance.text("Status"),
                workflow,
                f.text("RecordState"));
        SecurityEvent e = new SecurityEvent(
                id,
                "securityhub",
                type,
                time,
                account,
                region,
                severity,
                principal,
                resources,
                null,
                Plain.map(f.raw()));
        return new Normalized(e, List.of(shf));
    }

    static String controlId(View f, View compliance) {
        String c = compliance.text("SecurityControlId");
        if (c != null) {
            return c;
        }
        View pf = f.obj("ProductFields");
        c = pf.text("ControlId");
        if (c != null) {
            return c;
        }
        String gen = f.text("GeneratorId");
        if (gen != null) {
            Matcher m = CONTROL.matcher(gen);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * The GuardDuty finding type of a finding GuardDuty sent to Security Hub, so rules match it by the
     * same type as the GuardDuty finding itself: ASFF carries it as the last part of a {@code Types}
     * entry with its slash turned into a dash ({@code TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS}
     * is {@code Backdoor:EC2/C&CActivity.B!DNS}). Null for other products.
     */
    static String guardDutyType(View f, List<String> types) {
        String product = f.text("ProductArn");
        boolean guardDuty =
                (product != null && product.endsWith("/aws/guardduty")) || "GuardDuty".equals(f.text("ProductName"));
        if (!guardDuty) {
            return null;
        }
        for (String t : types) {
            Matcher m = GUARDDUTY_TYPE.matcher(t.substring(t.lastIndexOf('/') + 1));
            if (m.matches()) {
                return m.group(1) + "/" + m.group(2);
            }
        }
        return null;
    }

    /** Severity.Normalized / 10; without it, the label's lower bound. */
    private static Double severity(View sev) {
        Double n = sev.get("Normalized").number();
        if (n != null) {
            if (n < 0 || n > 100) {
                throw new BadInput("Security Hub Severity.Normalized out of range 0-100: " + n);
            }
            return n / 10.0;
        }
        String label = sev.text("Label");
        if (label == null) {
            return null;
        }
        String v = SEVERITY_BY_LABEL.get(label.toUpperCase(Locale.ROOT));
        if (v == null) {
            throw new BadInput("Security Hub Severity.Label unknown: " + label);
        }
        return Double.valueOf(v);
    }

    private static Resource resource(View r, String account, String region) {
        String asffType = r.text("Type");
        String rawId = r.text("Id");
        if (asffType == null || rawId == null) {
            return null;
        }
        String type = CFN.getOrDefault(asffType, asffType);
        String arn = Arns.isArn(rawId) ? rawId : null;
        String id;
        if (arn != null) {
            id = "AWS::S3::Bucket".equals(type) ? Arns.parts(arn)[5] : Arns.idOf(arn);
        } else if (rawId.startsWith("AWS::")) {
            id = rawId.substring(rawId.lastIndexOf(':') + 1); // "AWS::IAM::AccessKey:AKIA..."
        } else {
            id = rawId;
        }
        String resAccount = account;
        if (arn != null && !Arns.parts(arn)[4].isEmpty()) {
            resAccount = Arns.parts(arn)[4];
        }
        if ("AWS::::Account".equals(type)) {
            id = resAccount;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        View t = r.get("Tags");
        if (t.isObject()) {
            t.raw()
                    .fields()
                    .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        boolean global = type.startsWith("AWS::IAM::") || "AWS::::Account".equals(type);
        String resRegion = global ? null : GuardDutyMapper.or(r.text("Region"), region);
        return new Resource(type, id, arn, resAccount, resRegion, tags);
    }

    /** The actor: an IAM access key resource and/or a remote IP from the finding's Action or Network. */
    private static Principal principal(View f, String account) {
        View action = f.obj("Action");
        String ip = null;
        for (String kind : new String[] {"AwsApiCallAction", "NetworkConnectionAction", "DnsRequestAction"}) {
            ip = action.obj(kind).obj("RemoteIpDetails").text("IpAddressV4");
            if (ip != null) {
                break;
            }
        }
        if (ip == null) {
            List<View> probes =
                    action.obj("PortProbeAction").get("PortProbeDetails").items();
            if (!probes.isEmpty()) {
                ip = probes.get(0).obj().obj("RemoteIpDetails").text("IpAddressV4");
            }
        }
        if (ip == null) {
            ip = f.obj("Network").text("SourceIpV4");
        }
        for (View r : f.get("Resources").items()) {
            if ("AwsIamAccessKey".equals(r.text("Type"))) {
                View key = r.obj("Details", "AwsIamAccessKey");
                String rawId = r.text("Id");
                String keyId = GuardDutyMapper.or(
                        key.text("AccessKeyId"), rawId == null ? null : rawId.substring(rawId.lastIndexOf(':') + 1));
                String type = GuardDutyMapper.or(key.text("PrincipalType"), "Unknown");
                String name = GuardDutyMapper.or(key.text("UserName"), key.text("PrincipalName"));
                String arn = "IAMUser".equals(type) ? Arns.iamUser(account, name) : null;
                return new Principal(arn, type, name, keyId, ip, account);
            }
        }
        return ip == null ? null : new Principal(null, "Unknown", null, null, ip, null);
    }
}
