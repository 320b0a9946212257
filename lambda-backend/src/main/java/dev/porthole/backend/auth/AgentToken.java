package dev.porthole.backend.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Checks the agent token an agent presents, against the SHA-256 the function was configured with. */
public final class AgentToken {
    private final byte[] expectedSha256;

    public AgentToken(byte[] expectedSha256) {
        this.expectedSha256 = expectedSha256.clone();
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether an {@code Authorization} header value carries the right token. Constant time in the token. */
    public boolean accepts(Optional<String> authorizationHeader) {
        Optional<String> token = authorizationHeader.map(String::trim)
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim())
            .filter(t -> !t.isEmpty());
        // hash whatever was presented so a missing token costs the same as a wrong one
        return MessageDigest.isEqual(sha256(token.orElse("")), expectedSha256) && token.isPresent();
    }
}
