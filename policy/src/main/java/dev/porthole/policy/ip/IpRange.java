package dev.porthole.policy.ip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A CIDR range of IPv4 or IPv6 addresses, e.g. {@code 203.0.113.0/24} or {@code 2001:db8::/32}; a bare address is
 * a range of one ({@code /32} or {@code /128}). IPv4 ranges contain IPv4 addresses, including IPv4-mapped IPv6 ones
 * ({@code ::ffff:203.0.113.9}); IPv6 ranges contain the other IPv6 addresses, so {@code ::/0} means "every IPv6
 * address" and {@code 0.0.0.0/0} "every IPv4 address". A range written in the mapped form
 * ({@code ::ffff:203.0.113.0/120}) is the IPv4 range it stands for.
 */
public final class IpRange {
    private final byte[] network;
    private final int prefix;

    private IpRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, e.g. that host bits are set ({@code 10.1.2.3/8}) and
     *                                  which range was probably meant
     */
    public static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an IP range must not be empty");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = IpAddresses.parse(addressText).orElseThrow(() -> new IllegalArgumentException(
            "\"" + text + "\" is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)"));
        boolean v4 = address instanceof Inet4Address;
        boolean writtenAsV6 = addressText.indexOf(':') >= 0;
        int bits = v4 ? 32 : 128;
        int prefix;
        if (slash < 0) {
            prefix = bits;
        } else {
            prefix = parsePrefix(text, trimmed.substring(slash + 1));
            if (v4 && writtenAsV6) {
                // ::ffff:a.b.c.d/p is the IPv4 range a.b.c.d/(p-96)
                if (prefix < 96 || prefix > 128) {
                    throw new IllegalArgumentException("\"" + text + "\": an IPv4-mapped range needs a prefix from /96 to /128; "
                        + "write the IPv4 range instead, e.g. 203.0.113.0/24");
                }
                prefix -= 96;
            } else if (prefix > bits) {
                throw new IllegalArgumentException("\"" + text + "\": the prefix of an " + (v4 ? "IPv4" : "IPv6")
                    + " range is at most /" + bits);
            }
        }
        byte[] bytes = address.getAddress();
        byte[] masked = mask(bytes, prefix);
        if (!Arrays.equals(bytes, masked)) {
            IpRange meant = new IpRange(masked, prefix);
            throw new IllegalArgumentException("\"" + text + "\" has bits set after the /" + prefix + " prefix; did you mean " + meant + "?");
        }
        return new IpRange(masked, prefix);
    }

    private static int parsePrefix(String text, String digits) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\": the prefix after / must be a number, e.g. /24");
        }
        return Integer.parseInt(digits);
    }

    /** Whether the address is in this range (an IPv4 range never contains an IPv6 address, and the other way round). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefix), network);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefixLength() {
        return prefix;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** The canonical form: {@code 203.0.113.0/24}, or for IPv6 the RFC 5952 text, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return (isIpv4() ? formatV4(network) : formatV6(network)) + "/" + prefix;
    }

    private static String formatV4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    private static String formatV6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange other && prefix == other.prefix && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }
}
