package dev.riposte.aws.investigate;

import static dev.riposte.aws.client.AwsWire.EC2_NS;
import static dev.riposte.aws.client.AwsWire.IAM_NS;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** EC2 and IAM responses for the investigation calls, shaped as the API references document them. Public: pipeline tests use it. */
public final class InvestigationXml {
    public static final String ACCOUNT = "111122223333";

    private InvestigationXml() {}

    /** A running instance with a public IP, one interface in {@code groups}, an instance profile {@code web} and one volume. */
    public static String describeInstance(String instanceId, Map<String, String> tags, List<String> groups) {
        String tagSet = tags.entrySet().stream()
                .map(t -> "<item><key>" + t.getKey() + "</key><value>" + t.getValue() + "</value></item>")
                .collect(Collectors.joining());
        String groupSet = "<groupSet>"
                + groups.stream()
                        .map(g -> "<item><groupId>" + g + "</groupId><groupName>n-" + g + "</groupName></item>")
                        .collect(Collectors.joining())
                + "</groupSet>";
        return "<DescribeInstancesResponse xmlns=\"" + EC2_NS + "\"><requestId>req-DescribeInstances</requestId>"
                + "<reservationSet><item><reservationId>r-1</reservationId><ownerId>" + ACCOUNT + "</ownerId>"
                + "<instancesSet><item><instanceId>" + instanceId + "</instanceId><imageId>ami-1</imageId>"
                + "<instanceState><code>16</code><name>running</name></instanceState><instanceType>m5.large</instanceType>"
                + "<subnetId>subnet-0a1b2c3d4e5f60001</subnetId><vpcId>vpc-0a1b2c3d4e5f60001</vpcId>"
                + "<ipAddress>203.0.113.10</ipAddress>" + groupSet + "<tagSet>" + tagSet + "</tagSet>"
                + "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-0a1b2c3d4e5f60001</volumeId>"
                + "<status>attached</status></ebs></item></blockDeviceMapping>"
                + "<iamInstanceProfile><arn>arn:aws:iam::" + ACCOUNT
                + ":instance-profile/web</arn><id>AIPA1</id></iamInstanceProfile>"
                + "<networkInterfaceSet><item><networkInterfaceId>eni-1</networkInterfaceId><subnetId>subnet-0a1b2c3d4e5f60001</subnetId>"
                + "<vpcId>vpc-0a1b2c3d4e5f60001</vpcId>" + groupSet + "</item></networkInterfaceSet>"
                + "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
    }

    /** {@code sg-web} opens 22/tcp to the world and 443 to 10.0.0.0/8; {@code sg-db} opens nothing to the world. */
    public static String describeSecurityGroups() {
        return "<DescribeSecurityGroupsResponse xmlns=\"" + EC2_NS
                + "\"><requestId>req-DescribeSecurityGroups</requestId>"
                + "<securityGroupInfo>" + group("sg-web", rule(22, "0.0.0.0/0") + rule(443, "10.0.0.0/8"))
                + group("sg-db", rule(5432, "10.0.0.0/8")) + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
    }

    private static String group(String id, String ingress) {
        return "<item><ownerId>" + ACCOUNT + "</ownerId><groupId>" + id + "</groupId><groupName>" + id + "</groupName>"
                + "<groupDescription>test</groupDescription><vpcId>vpc-0a1b2c3d4e5f60001</vpcId>"
                + "<ipPermissions>" + ingress + "</ipPermissions><ipPermissionsEgress/></item>";
    }

    private static String rule(int port, String cidr) {
        return "<item><ipProtocol>tcp</ipProtocol><fromPort>" + port + "</fromPort><toPort>" + port
                + "</toPort><groups/>" + "<ipRanges><item><cidrIp>" + cidr
                + "</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>";
    }

    public static String getInstanceProfile(String roleName) {
        return iam(
                "GetInstanceProfile",
                "<InstanceProfile><InstanceProfileId>AIPA1</InstanceProfileId><Roles><member>"
                        + role(roleName)
                        + "</member></Roles><InstanceProfileName>web</InstanceProfileName><Path>/</Path>"
                        + "<Arn>arn:aws:iam::" + ACCOUNT
                        + ":instance-profile/web</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                        + "</InstanceProfile>");
    }

    public static String getUser(String name, Map<String, String> tags) {
        return iam(
                "GetUser",
                "<User><Path>/</Path><UserName>" + name + "</UserName><UserId>AIDA1</UserId><Arn>arn:aws:iam::"
                        + ACCOUNT + ":user/" + name + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>" + tags(tags)
                        + "</User>");
    }

    public static String getRole(String name, Map<String, String> tags) {
        return iam("GetRole", "<Role>" + role(name) + tags(tags) + "</Role>");
    }

    public static String attachedPolicies(String action, String... policyNames) {
        String members = Arrays.stream(policyNames)
                .map(p -> "<member><PolicyName>" + p + "</PolicyName>" + "<PolicyArn>arn:aws:iam::aws:policy/" + p
                        + "</PolicyArn></member>")
                .collect(Collectors.joining());
        return iam(action, "<AttachedPolicies>" + members + "</AttachedPolicies><IsTruncated>false</IsTruncated>");
    }

    public static String policyNames(String action, String... names) {
        return iam(
                action,
                "<PolicyNames>"
                        + Arrays.stream(names)
                                .map(n -> "<member>" + n + "</member>")
                                .collect(Collectors.joining()) + "</PolicyNames><IsTruncated>false</IsTruncated>");
    }

    /** One page of attached policies; {@code marker} non-null says there is another page after it. */
    public static String attachedPoliciesPage(String action, String marker, String... policyNames) {
        String members = Arrays.stream(policyNames)
                .map(p -> "<member><PolicyName>" + p + "</PolicyName>" + "<PolicyArn>arn:aws:iam::aws:policy/" + p
                        + "</PolicyArn></member>")
                .collect(Collectors.joining());
        return iam(
                action,
                "<AttachedPolicies>" + members + "</AttachedPolicies>"
                        + (marker == null
                                ? "<IsTruncated>false</IsTruncated>"
                                : "<IsTruncated>true</IsTruncated><Marker>" + marker + "</Marker>"));
    }

    /** GetUserPolicy, GetRolePolicy or GetGroupPolicy: the document URL-encoded, as IAM returns it. */
    public static String inlinePolicy(String action, String name, String documentJson) {
        return iam(
                action,
                "<PolicyName>" + name + "</PolicyName><PolicyDocument>"
                        + URLEncoder.encode(documentJson, StandardCharsets.UTF_8)
                                .replace("+", "%20")
                        + "</PolicyDocument>");
    }

    public static String groupsForUser(String... groups) {
        return iam(
                "ListGroupsForUser",
                "<Groups>"
                        + Arrays.stream(groups)
                                .map(g -> "<member><Path>/</Path>"
                                        + "<GroupName>" + g + "</GroupName><GroupId>AGPA1</GroupId><Arn>arn:aws:iam::"
                                        + ACCOUNT + ":group/" + g
                                        + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>")
                                .collect(Collectors.joining())
                        + "</Groups><IsTruncated>false</IsTruncated>");
    }

    public static String accessKeys(String user, String keyId) {
        return iam(
                "ListAccessKeys",
                "<UserName>" + user + "</UserName><AccessKeyMetadata><member><UserName>" + user
                        + "</UserName><AccessKeyId>" + keyId + "</AccessKeyId><Status>Active</Status>"
                        + "<CreateDate>2024-01-01T00:00:00Z</CreateDate></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>");
    }

    public static String accessKeyLastUsed(String user) {
        return iam(
                "GetAccessKeyLastUsed",
                "<UserName>" + user + "</UserName><AccessKeyLastUsed>"
                        + "<LastUsedDate>2024-04-30T09:00:00Z</LastUsedDate><ServiceName>s3</ServiceName><Region>eu-west-1</Region>"
                        + "</AccessKeyLastUsed>");
    }

    public static String loginProfile(String user) {
        return iam(
                "GetLoginProfile",
                "<LoginProfile><UserName>" + user + "</UserName><CreateDate>2024-01-01T00:00:00Z"
                        + "</CreateDate></LoginProfile>");
    }

    public static String mfaDevices(String user, boolean one) {
        return iam(
                "ListMFADevices",
                "<MFADevices>"
                        + (one
                                ? "<member><UserName>" + user + "</UserName><SerialNumber>"
                                        + "arn:aws:iam::" + ACCOUNT + ":mfa/" + user
                                        + "</SerialNumber><EnableDate>2024-01-01T00:00:00Z</EnableDate>"
                                        + "</member>"
                                : "")
                        + "</MFADevices><IsTruncated>false</IsTruncated>");
    }

    private static String role(String name) {
        return "<Path>/</Path><Arn>arn:aws:iam::" + ACCOUNT + ":role/" + name + "</Arn><RoleName>" + name
                + "</RoleName>"
                + "<CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>"
                + "<RoleId>AROA1</RoleId>";
    }

    private static String tags(Map<String, String> tags) {
        return tags.isEmpty()
                ? ""
                : "<Tags>"
                        + tags.entrySet().stream()
                                .map(t -> "<member><Key>" + t.getKey() + "</Key><Value>" + t.getValue()
                                        + "</Value></member>")
                                .collect(Collectors.joining())
                        + "</Tags>";
    }

    private static String iam(String action, String result) {
        return "<" + action + "Response xmlns=\"" + IAM_NS + "\"><" + action + "Result>" + result + "</" + action
                + "Result>" + "<ResponseMetadata><RequestId>req-" + action + "</RequestId></ResponseMetadata></"
                + action + "Response>";
    }
}
