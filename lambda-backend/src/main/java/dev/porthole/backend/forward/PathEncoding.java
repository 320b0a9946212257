package dev.porthole.backend.forward;

import java.nio.charset.StandardCharsets;

/**
 * HTTP APIs hand the function the request path URL-decoded ({@code /caf%C3%A9} arrives as {@code /café}).
 * The local service must see a valid encoded path again, so every byte that may not appear literally in a
 * path — including {@code %} itself — is percent-encoded. A canonically encoded path comes back unchanged;
 * what API Gateway has already lost ({@code %2F} became {@code /}) cannot be recovered.
 */
final class PathEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] LITERAL = new boolean[128];

    static {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";
        for (char c : allowed.toCharArray()) {
            LITERAL[c] = true;
        }
    }

    private PathEncoding() {
    }

    static String encode(String decodedPath) {
        byte[] bytes = decodedPath.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 128 && LITERAL[c]) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
