package dev.riposte.aws.action.wafv2;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range as WAF IP sets hold them ({@code 203.0.113.9/32}, {@code 2001:db8::/32}). Parsing
 * accepts literals only (never a host name: no DNS lookup), so a bad value is an error, not a network call.
 */
record Cidr(byte[] network, int prefix, String text) {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A bare address becomes a single-host range ({@code /32}, {@code /128}). */
    static Cidr parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("no IP address");
        }
        String t = s.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 address or CIDR");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 address or CIDR");
        }
        if (v4 != (bytes.length == 4)) { // an IPv4-mapped IPv6 literal comes back as IPv4
            throw new IllegalArgumentException("'" + s + "' mixes IPv4 and IPv6 notation");
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' has no valid prefix length");
        }
        if (prefix < 1 || prefix > max) {
            throw new IllegalArgumentException(
                    "'" + s + "' needs a prefix length from 1 to " + max + " (WAF takes no /0)");
        }
        return new Cidr(bytes, prefix, slash < 0 ? address + "/" + max : t);
    }

    boolean isV6() {
        return network.length == 16;
    }

    /** {@code other} lies wholly inside this range. */
    boolean covers(Cidr other) {
        if (other.network.length != network.length || other.prefix < prefix) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((network[bit / 8] & mask) != (other.network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }
}
