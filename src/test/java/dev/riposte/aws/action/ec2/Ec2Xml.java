package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.AwsWire.EC2_NS;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** EC2 query-protocol responses as the EC2 API reference documents them, built for one test at a time. */
final class Ec2Xml {
    record Eni(String id, List<String> groups) {}

    private Ec2Xml() {}

    static String describeInstances(
            String instanceId, String state, String vpc, Map<String, String> tags, List<Eni> enis) {
        return describeInstances(instanceId, state, vpc, tags, enis, List.of());
    }

    static String describeInstances(
            String instanceId,
            String state,
            String vpc,
            Map<String, String> tags,
            List<Eni> enis,
            List<String> volumes) {
        String devices = volumes.stream()
                .map(v -> "<item><deviceName>/dev/xvd" + (char) ('a' + volumes.indexOf(v))
                        + "</deviceName><ebs><volumeId>" + v + "</volumeId><status>attached</status>"
                        + "<attachTime>2024-04-01T00:00:00.000Z</attachTime>"
                        + "<deleteOnTermination>true</deleteOnTermination></ebs></item>")
                .collect(Collectors.joining());
        String tagSet = tags.entrySet().stream()
                .map(t -> "<item><key>" + t.getKey() + "</key><value>" + t.getValue() + "</value></item>")
                .collect(Collectors.joining());
        String niSet = enis.stream()
                .map(e -> "<item><networkInterfaceId>" + e.id() + "</networkInterfaceId>"
                        + "<subnetId>subnet-0a1b2c3d4e5f60001</subnetId><vpcId>" + vpc
                        + "</vpcId><ownerId>111122223333</ownerId>"
                        + "<status>in-use</status>" + groupSet(e.groups()) + "</item>")
                .collect(Collectors.joining());
        return "<DescribeInstancesResponse xmlns=\"" + EC2_NS + "\"><requestId>req-DescribeInstances</requestId>"
                + "<reservationSet><item><reservationId>r-0a1b2c3d4e5f60001</reservationId><ownerId>111122223333</ownerId>"
                + "<instancesSet><item><instanceId>" + instanceId
                + "</instanceId><imageId>ami-0a1b2c3d4e5f60001</imageId>"
                + "<instanceState><code>16</code><name>" + state + "</name></instanceState>"
                + "<instanceType>m5.large</instanceType><vpcId>" + vpc + "</vpcId>"
                + groupSet(enis.isEmpty() ? List.of() : enis.get(0).groups())
                + "<blockDeviceMapping>" + devices + "</blockDeviceMapping>"
                + "<tagSet>" + tagSet + "</tagSet><networkInterfaceSet>" + niSet + "</networkInterfaceSet>"
                + "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
    }

    static String noReservations() {
        return "<DescribeInstancesResponse xmlns=\"" + EC2_NS + "\"><requestId>req-DescribeInstances</requestId>"
                + "<reservationSet/></DescribeInstancesResponse>";
    }

    /** @param groupXml zero or more {@link #group} items */
    static String describeSecurityGroups(String... groupXml) {
        return "<DescribeSecurityGroupsResponse xmlns=\"" + EC2_NS
                + "\"><requestId>req-DescribeSecurityGroups</requestId>" + "<securityGroupInfo>"
                + String.join("", groupXml) + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
    }

    /** A security group; {@code ingressXml}/{@code egressXml} are {@link #rule} items. */
    static String group(String id, String name, String vpc, String ingressXml, String egressXml) {
        return "<item><ownerId>111122223333</ownerId><groupId>" + id + "</groupId><groupName>" + name + "</groupName>"
                + "<groupDescription>test</groupDescription><vpcId>" + vpc + "</vpcId>"
                + "<ipPermissions>" + ingressXml + "</ipPermissions><ipPermissionsEgress>" + egressXml
                + "</ipPermissionsEgress></item>";
    }

    static String rule(String protocol, Integer from, Integer to, String cidr) {
        String ports = from == null ? "" : "<fromPort>" + from + "</fromPort><toPort>" + to + "</toPort>";
        String ranges = cidr.contains(":")
                ? "<ipRanges/><ipv6Ranges><item><cidrIpv6>" + cidr + "</cidrIpv6></item></ipv6Ranges>"
                : "<ipRanges><item><cidrIp>" + cidr + "</cidrIp></item></ipRanges><ipv6Ranges/>";
        return "<item><ipProtocol>" + protocol + "</ipProtocol>" + ports + "<groups/>" + ranges
                + "<prefixListIds/></item>";
    }

    static String createSecurityGroup(String id) {
        return "<CreateSecurityGroupResponse xmlns=\"" + EC2_NS + "\"><requestId>req-CreateSecurityGroup</requestId>"
                + "<return>true</return><groupId>" + id + "</groupId></CreateSecurityGroupResponse>";
    }

    private static String groupSet(List<String> groups) {
        return "<groupSet>"
                + groups.stream()
                        .map(g -> "<item><groupId>" + g + "</groupId><groupName>n-" + g + "</groupName></item>")
                        .collect(Collectors.joining())
                + "</groupSet>";
    }
}
