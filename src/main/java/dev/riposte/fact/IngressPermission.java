package dev.riposte.fact;

/**
 * One inbound rule added to a security group by the event {@code eventId}
 * (CloudTrail {@code AuthorizeSecurityGroupIngress}); one fact per CIDR.
 *
 * @param protocol {@code tcp|udp|icmp|-1} (all)
 * @param fromPort first port, null for all
 * @param toPort   last port, null for all
 * @param cidr     IPv4 or IPv6 CIDR, or a referenced group id
 */
public record IngressPermission(
        String eventId, String groupId, String protocol, Integer fromPort, Integer toPort, String cidr) {

    public boolean openToWorld() {
        return "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr);
    }

    /** True when the rule lets traffic in on {@code port} (all-protocol rules cover every port). */
    public boolean coversPort(int port) {
        if ("-1".equals(protocol) || fromPort == null || toPort == null) {
            return true;
        }
        if (fromPort == -1 && toPort == -1) {
            return true;
        }
        return fromPort <= port && port <= toPort;
    }
}
