package dev.riposte.replay;

import java.time.Instant;
import java.util.List;

/**
 * Realistic event documents in the shapes AWS delivers them (values scrubbed: 111122223333-style
 * accounts, documentation IP ranges), for the benchmark corpus and the replay tests. Public: tests of
 * other packages build replay inputs with it.
 */
public final class SyntheticEvents {
    private SyntheticEvents() {}

    /** One CloudTrail record as it appears in a log file's {@code Records} array. */
    public static String cloudTrail(
            String eventId,
            Instant time,
            String account,
            String region,
            String eventName,
            String user,
            String ip,
            boolean failure) {
        String source = switch (eventName) {
            case "ConsoleLogin" -> "signin.amazonaws.com";
            case "StopLogging", "DeleteTrail" -> "cloudtrail.amazonaws.com";
            case "GetObject", "PutObject", "PutBucketPolicy" -> "s3.amazonaws.com";
            case "AssumeRole", "GetCallerIdentity" -> "sts.amazonaws.com";
            default -> "ec2.amazonaws.com";
        };
        boolean login = "ConsoleLogin".equals(eventName);
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE"
                + Math.abs((long) user.hashCode())
                + "\",\"arn\":\"arn:aws:iam::" + account + ":user/" + user + "\",\"accountId\":\"" + account
                + "\",\"accessKeyId\":\"" + (login ? "" : "AKIAEXAMPLE" + Math.abs(user.hashCode() % 100000))
                + "\",\"userName\":\"" + user + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + eventName
                + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"" + ip + "\","
                + "\"userAgent\":\"aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64\","
                + (failure ? "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Failed authentication\"," : "")
                + "\"requestParameters\":" + (login ? "null" : "{\"maxResults\":100}") + ","
                + "\"responseElements\":"
                + (login ? "{\"ConsoleLogin\":\"" + (failure ? "Failure" : "Success") + "\"}" : "null") + ","
                + "\"requestID\":\"req-" + eventId + "\",\"eventID\":\"" + eventId + "\",\"readOnly\":" + !login
                + ",\"eventType\":\"" + (login ? "AwsConsoleSignIn" : "AwsApiCall") + "\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"" + account + "\",\"eventCategory\":\"Management\"}";
    }

    /** A CloudTrail log file: {@code {"Records":[...]}}. */
    public static String cloudTrailLogFile(List<String> records) {
        return "{\"Records\":[" + String.join(",\n", records) + "]}";
    }

    /** CloudTrail's S3 object name, which carries the delivery time the file readers sort by. */
    public static String cloudTrailFileName(String account, String region, Instant delivered, String unique) {
        String t = delivered.toString().replace("-", "").replace(":", "");
        return account + "_CloudTrail_" + region + "_" + t.substring(0, 13) + "Z_" + unique + ".json.gz";
    }

    /** A GuardDuty finding about an EC2 instance, in its EventBridge envelope. */
    public static String guardDuty(
            String id, Instant time, String account, String region, String type, double severity, String instanceId) {
        return "{\"version\":\"0\",\"id\":\"" + id
                + "\",\"detail-type\":\"GuardDuty Finding\",\"source\":\"aws.guardduty\","
                + "\"account\":\"" + account + "\",\"time\":\"" + time + "\",\"region\":\"" + region
                + "\",\"resources\":[],"
                + "\"detail\":{\"schemaVersion\":\"2.0\",\"accountId\":\"" + account + "\",\"region\":\"" + region
                + "\",\"partition\":\"aws\",\"id\":\"" + id + "\",\"arn\":\"arn:aws:guardduty:" + region + ":" + account
                + ":detector/12abc34d567e8fa901bc2d34e56789f0/finding/" + id + "\",\"type\":\"" + type + "\","
                + "\"resource\":{\"resourceType\":\"Instance\",\"instanceDetails\":{\"instanceId\":\"" + instanceId
                + "\",\"instanceType\":\"t3.micro\",\"networkInterfaces\":[{\"networkInterfaceId\":\"eni-0"
                + instanceId.substring(2)
                + "\",\"privateIpAddress\":\"10.0.1.25\",\"securityGroups\":[{\"groupId\":\"sg-0123456789abcdef0\",\"groupName\":\"web\"}],"
                + "\"subnetId\":\"subnet-0123456789abcdef0\",\"vpcId\":\"vpc-0123456789abcdef0\",\"publicIp\":\"198.51.100.7\"}],"
                + "\"tags\":[{\"key\":\"Name\",\"value\":\"web-1\"}],\"instanceState\":\"running\",\"availabilityZone\":\""
                + region + "a\"}},"
                + "\"service\":{\"serviceName\":\"guardduty\",\"detectorId\":\"12abc34d567e8fa901bc2d34e56789f0\","
                + "\"action\":{\"actionType\":\"NETWORK_CONNECTION\",\"networkConnectionAction\":{\"connectionDirection\":\"OUTBOUND\","
                + "\"remoteIpDetails\":{\"ipAddressV4\":\"203.0.113.50\"},\"protocol\":\"TCP\",\"blocked\":false}},"
                + "\"eventFirstSeen\":\"" + time + "\",\"eventLastSeen\":\"" + time
                + "\",\"archived\":false,\"count\":1},"
                + "\"severity\":" + severity + ",\"createdAt\":\"" + time + "\",\"updatedAt\":\"" + time + "\","
                + "\"title\":\"" + type + " on " + instanceId + "\",\"description\":\"synthetic finding\"}}";
    }

    /** An AWS Config rule compliance change, in its EventBridge envelope. */
    public static String configCompliance(
            String id,
            Instant time,
            String account,
            String region,
            String ruleName,
            String resourceType,
            String resourceId,
            boolean compliant) {
        String result = compliant ? "COMPLIANT" : "NON_COMPLIANT";
        return "{\"version\":\"0\",\"id\":\"" + id
                + "\",\"detail-type\":\"Config Rules Compliance Change\",\"source\":\"aws.config\","
                + "\"account\":\"" + account + "\",\"time\":\"" + time + "\",\"region\":\"" + region
                + "\",\"resources\":[],"
                + "\"detail\":{\"resourceId\":\"" + resourceId + "\",\"awsRegion\":\"" + region
                + "\",\"awsAccountId\":\"" + account
                + "\",\"configRuleName\":\"" + ruleName
                + "\",\"recordVersion\":\"1.0\",\"configRuleARN\":\"arn:aws:config:" + region + ":"
                + account + ":config-rule/config-rule-" + Math.abs((long) ruleName.hashCode())
                + "\",\"messageType\":\"ComplianceChangeNotification\","
                + "\"newEvaluationResult\":{\"evaluationResultIdentifier\":{\"evaluationResultQualifier\":{\"configRuleName\":\""
                + ruleName
                + "\",\"resourceType\":\"" + resourceType + "\",\"resourceId\":\"" + resourceId
                + "\"},\"orderingTimestamp\":\"" + time
                + "\"},\"complianceType\":\"" + result + "\",\"resultRecordedTime\":\"" + time
                + "\",\"configRuleInvokedTime\":\"" + time
                + "\"},\"oldEvaluationResult\":{\"complianceType\":\"" + (compliant ? "NON_COMPLIANT" : "COMPLIANT")
                + "\"},"
                + "\"notificationCreationTime\":\"" + time + "\",\"resourceType\":\"" + resourceType + "\"}}";
    }

    /** A Security Hub (ASFF) control finding, in its EventBridge envelope. */
    public static String securityHub(
            String id,
            Instant time,
            String account,
            String region,
            String controlId,
            int normalizedSeverity,
            String bucket) {
        String label = normalizedSeverity >= 90
                ? "CRITICAL"
                : normalizedSeverity >= 70 ? "HIGH" : normalizedSeverity >= 40 ? "MEDIUM" : "LOW";
        String findingArn =
                "arn:aws:securityhub:" + region + ":" + account + ":security-control/" + controlId + "/finding/" + id;
        return "{\"version\":\"0\",\"id\":\"" + id
                + "\",\"detail-type\":\"Security Hub Findings - Imported\",\"source\":\"aws.securityhub\","
                + "\"account\":\"" + account + "\",\"time\":\"" + time + "\",\"region\":\"" + region
                + "\",\"resources\":[\"" + findingArn + "\"],"
                + "\"detail\":{\"findings\":[{\"SchemaVersion\":\"2018-10-08\",\"Id\":\"" + findingArn + "\","
                + "\"ProductArn\":\"arn:aws:securityhub:" + region
                + "::product/aws/securityhub\",\"GeneratorId\":\"security-control/" + controlId
                + "\",\"AwsAccountId\":\"" + account
                + "\",\"Types\":[\"Software and Configuration Checks/Industry and Regulatory Standards\"],"
                + "\"CreatedAt\":\"" + time + "\",\"UpdatedAt\":\"" + time + "\",\"Severity\":{\"Label\":\"" + label
                + "\",\"Normalized\":"
                + normalizedSeverity + "},\"Title\":\"" + controlId
                + " S3 buckets should block public access\",\"Description\":\"synthetic\","
                + "\"Compliance\":{\"Status\":\"FAILED\",\"SecurityControlId\":\"" + controlId + "\"},"
                + "\"Resources\":[{\"Type\":\"AwsS3Bucket\",\"Id\":\"arn:aws:s3:::" + bucket
                + "\",\"Partition\":\"aws\",\"Region\":\"" + region + "\"}],"
                + "\"Workflow\":{\"Status\":\"NEW\"},\"RecordState\":\"ACTIVE\"}]}}";
    }
}
