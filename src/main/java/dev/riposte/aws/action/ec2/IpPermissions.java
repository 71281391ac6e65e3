package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.params;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/** Security group rules as the audit log shows them (API member names, only the members that are set). */
final class IpPermissions {
    private IpPermissions() {}

    static Map<String, Object> toMap(IpPermission p) {
        return params(
                "IpProtocol", p.ipProtocol(),
                "FromPort", p.fromPort(),
                "ToPort", p.toPort(),
                "IpRanges",
                        p.hasIpRanges() && !p.ipRanges().isEmpty()
                                ? p.ipRanges().stream()
                                        .map(r -> params("CidrIp", r.cidrIp()))
                                        .toList()
                                : null,
                "Ipv6Ranges",
                        p.hasIpv6Ranges() && !p.ipv6Ranges().isEmpty()
                                ? p.ipv6Ranges().stream()
                                        .map(r -> params("CidrIpv6", r.cidrIpv6()))
                                        .toList()
                                : null,
                "UserIdGroupPairs",
                        p.hasUserIdGroupPairs() && !p.userIdGroupPairs().isEmpty()
                                ? p.userIdGroupPairs().stream()
                                        .map(g -> params("GroupId", g.groupId()))
                                        .toList()
                                : null,
                "PrefixListIds",
                        p.hasPrefixListIds() && !p.prefixListIds().isEmpty()
                                ? p.prefixListIds().stream()
                                        .map(l -> params("PrefixListId", l.prefixListId()))
                                        .toList()
                                : null);
    }

    static List<Map<String, Object>> toMaps(List<IpPermission> ps) {
        return ps.stream().map(IpPermissions::toMap).toList();
    }
}
