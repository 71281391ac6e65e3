package dev.riposte.fact;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;

/**
 * IP address tests for rules, IPv4 and IPv6, without any DNS lookup (a text that is not an address literal is simply
 * not an address): {@code Ip.isPublic(principal.sourceIp)}, {@code Ip.inCidr($ip, "10.0.0.0/8")},
 * {@code Ip.inAnyCidr($ip, $office)}, {@code Ip.isAwsService(principal.sourceIp)}.
 */
public final class Ip {
    private static final String[] NOT_PUBLIC = {
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8"
    };

    private Ip() {}

    /** The 4 or 16 bytes of an address literal, or null (never a DNS lookup). */
    static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        if (ip.indexOf(':') < 0) {
            String[] parts = ip.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                    return null;
                }
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return b;
        }
        if (!ip.matches("[0-9A-Fa-f:.]+")) {
            return null; // a zone id or a name: not an address literal
        }
        try {
            byte[] b = InetAddress.getByName(ip).getAddress(); // a literal with ':' is parsed, never looked up
            return b.length == 16 && isV4Mapped(b) ? Arrays.copyOfRange(b, 12, 16) : b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** Whether {@code ip} is an IPv4 or IPv6 address literal. */
    public static boolean isAddress(String ip) {
        return parse(ip) != null;
    }

    /**
     * A routable address: not private (RFC 1918, fc00::/7), loopback, link-local, carrier-grade NAT, multicast or
     * reserved. The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) count as
     * public: examples and tests use them for the public addresses they stand for. False for anything not an address
     * (CloudTrail's {@code AWS Internal}, a service name).
     */
    public static boolean isPublic(String ip) {
        byte[] b = parse(ip);
        if (b == null) {
            return false;
        }
        for (String cidr : NOT_PUBLIC) {
            if (in(b, cidr)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code ip} is inside {@code cidr} ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). */
    public static boolean inCidr(String ip, String cidr) {
        byte[] b = parse(ip);
        return b != null && cidr != null && in(b, cidr.strip());
    }

    /** Whether {@code ip} is inside any of {@code cidrs}. */
    public static boolean inAnyCidr(String ip, Collection<String> cidrs) {
        byte[] b = parse(ip);
        if (b == null || cidrs == null) {
            return false;
        }
        for (String c : cidrs) {
            if (c != null && in(b, c.strip())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a CloudTrail {@code sourceIPAddress} names AWS itself rather than an address: {@code AWS Internal}, or a
     * service principal such as {@code ec2.amazonaws.com} (a call a service made on the caller's behalf).
     */
    public static boolean isAwsService(String sourceIp) {
        return sourceIp != null && (sourceIp.equals("AWS Internal") || sourceIp.endsWith(".amazonaws.com"));
    }

    private static boolean in(byte[] addr, String cidr) {
        int slash = cidr.indexOf('/');
        byte[] net = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (net == null || net.length != addr.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > net.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((addr[i / 8] & mask) != (net[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
