package dev.porthole.policy.ip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads IP address literals, never host names: {@link InetAddress#getByName} would look a name up in DNS, which
 * must not happen on a request path nor turn a typo into someone else's address. An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) comes back as the IPv4 address it stands for, so IPv4 rules apply to it.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The address, or empty when {@code text} is not an IPv4 or IPv6 literal (zone IDs such as {@code %eth0} are not). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text).map(IpAddresses::v4);
    }

    /** Strict dotted quad: four decimal parts of 0-255, no leading zeros (which some tools read as octal). */
    private static Optional<byte[]> parseV4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                int length = i - start;
                if (part > 3 || length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
                    return Optional.empty();
                }
                int value = 0;
                for (int j = start; j < i; j++) {
                    char c = text.charAt(j);
                    if (c < '0' || c > '9') {
                        return Optional.empty();
                    }
                    value = value * 10 + (c - '0');
                }
                if (value > 255) {
                    return Optional.empty();
                }
                bytes[part++] = (byte) value;
                start = i + 1;
            }
        }
        return part == 4 ? Optional.of(bytes) : Optional.empty();
    }

    private static Optional<InetAddress> parseV6(String text) {
        // the JDK treats text as a literal only when it starts with a hex digit or a colon; anything else would be
        // looked up as a host name
        if (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!allowed) {
                return Optional.empty();
            }
        }
        try {
            // only hex digits, colons and dots: the JDK parses it as a literal and never asks DNS
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
