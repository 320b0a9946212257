package dev.porthole.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Password protection for a tunnel's public URL, checked by the backend before a request reaches the agent.
 * The agent sends only a salted digest of {@code user:password} in {@link Handshake#ACCESS_HEADER}; the
 * backend keeps the digest and compares each caller's {@code Authorization: Basic …} against it.
 */
public final class BasicAuth {
    private static final String SCHEME = "basic ";
    private static final String SALT = "porthole basic auth\n";

    private BasicAuth() {
    }

    /** The {@link Handshake#ACCESS_HEADER} value that protects a tunnel with this user and password. */
    public static String accessHeader(String user, String password) {
        if (user.isEmpty() || user.contains(":") || password.isEmpty()) {
            throw new IllegalArgumentException("a user name without ':' and a password, both not empty, are needed");
        }
        return SCHEME + digest(user + ":" + password);
    }

    /** The digest carried by an {@link Handshake#ACCESS_HEADER} value, or empty if the value is not one. */
    public static Optional<String> digestOf(String accessHeader) {
        String value = accessHeader.trim();
        if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return Optional.empty();
        }
        String digest = value.substring(SCHEME.length()).trim().toLowerCase(Locale.ROOT);
        return digest.matches("[0-9a-f]{64}") ? Optional.of(digest) : Optional.empty();
    }

    /** Whether a caller's {@code Authorization} header carries the user and password behind {@code digest}. Constant time. */
    public static boolean authorizes(String digest, Optional<String> authorization) {
        String presented = authorization.map(String::trim)
            .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6))
            .map(h -> h.substring(6).trim())
            .map(BasicAuth::decode)
            .orElse("");
        return MessageDigest.isEqual(digest(presented).getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII))
            && !presented.isEmpty();
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String digest(String userColonPassword) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((SALT + userColonPassword).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
