package dev.porthole.agent.forward;

import java.nio.charset.StandardCharsets;

/**
 * Turns a request target as the caller sent it into the one the agent writes on its request line to the local
 * service, byte for byte where HTTP allows: percent-escapes stay exactly as they came ({@code %2F} stays {@code %2F},
 * {@code %20} stays {@code %20}), and only what a request line cannot hold is percent-encoded as UTF-8 — spaces,
 * non-ASCII letters ({@code café} → {@code caf%C3%A9}), and characters such as {@code |}, {@code [} or {@code ]} that
 * some clients send raw.
 */
public final class RequestTargets {
    private static final String HEX = "0123456789ABCDEF";

    private RequestTargets() {
    }

    /** @throws IllegalArgumentException when {@code target} is not an origin-form target (it must start with {@code /}) */
    public static String originForm(String target) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("the request target must start with \"/\", got \"" + target + "\"");
        }
        return escape(target);
    }

    /** The target with every character a URI's path or query cannot contain percent-encoded as UTF-8. */
    static String escape(String target) {
        StringBuilder out = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean keep = allowed(c) || (c == '%' && isEscape(target, i));
            if (keep) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(target.length() + 16).append(target, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < target.length() ? i + 2 : i + 1;
            for (byte b : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
            i = end - 1;
        }
        return out == null ? target : out.toString();
    }

    /** RFC 3986 unreserved and sub-delims characters, plus the ones a path and a query may hold ({@code : @ / ?}). */
    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length() && HEX.indexOf(Character.toUpperCase(s.charAt(i + 1))) >= 0
            && HEX.indexOf(Character.toUpperCase(s.charAt(i + 2))) >= 0;
    }
}
