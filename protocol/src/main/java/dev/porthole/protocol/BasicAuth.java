package dev.porthole.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Password protection for a tunnel's public URL, checked by the backend before a request reaches the agent.
 * The agent sends only a digest of {@code user:password} in {@link Handshake#ACCESS_HEADER}: PBKDF2-HMAC-SHA256
 * with a random salt per digest, written so that it names its own algorithm, iterations and salt
 * ({@code basic $pbkdf2-sha256$i=1000$<salt>$<hash>}). The backend keeps the digest and compares each caller's
 * {@code Authorization: Basic …} against it. Digests of the earlier form (one salt shared by every tunnel) are still
 * accepted and checked, but never made: {@link #isLegacy} tells them apart so the agent can ask for a new password.
 */
public final class BasicAuth {
    private static final String SCHEME = "basic ";

    private BasicAuth() {
    }

    /** The {@link Handshake#ACCESS_HEADER} value that protects a tunnel with this user and password; a new salt each call. */
    public static String accessHeader(String user, String password) {
        if (user.isEmpty() || user.contains(":") || password.isEmpty()) {
            throw new IllegalArgumentException("a user name without ':' and a password, both not empty, are needed");
        }
        return SCHEME + PasswordDigest.create(user + ":" + password).encoded();
    }

    /** The digest carried by an {@link Handshake#ACCESS_HEADER} value, or empty if the value is not one. */
    public static Optional<String> digestOf(String accessHeader) {
        String value = accessHeader.trim();
        if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String digest = value.substring(SCHEME.length()).trim();
        // the legacy form is hex, which was always read case-insensitively; the new one is base64, which is not
        String normalised = digest.startsWith("$") ? digest : digest.toLowerCase(Locale.ROOT);
        return PasswordDigest.parse(normalised).map(PasswordDigest::encoded);
    }

    /** Whether {@code digest} (from {@link #digestOf}) is of the earlier form, with one salt shared by every tunnel. */
    public static boolean isLegacy(String digest) {
        return PasswordDigest.parse(digest).filter(d -> d instanceof PasswordDigest.Legacy).isPresent();
    }

    /**
     * Whether a caller's {@code Authorization} header carries the user and password behind {@code digest}.
     * Constant time in the compared bytes; a new-form digest costs {@link PasswordDigest#ITERATIONS} HMAC rounds,
     * which is why the backend keeps the credentials it verified for a while (see the backend's VerifiedCredentials).
     */
    public static boolean authorizes(String digest, Optional<String> authorization) {
        String presented = authorization.map(String::trim)
            .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6))
            .map(h -> h.substring(6).trim())
            .map(BasicAuth::decode)
            .orElse("");
        if (presented.isEmpty()) {
            return false;
        }
        return PasswordDigest.parse(digest).map(d -> d.matches(presented)).orElse(false);
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
