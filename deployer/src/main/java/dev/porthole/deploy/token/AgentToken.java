package dev.porthole.deploy.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret an agent presents to the backend. It is made on the user's computer and never sent to AWS:
 * the stack only gets its SHA-256 ({@link #sha256Hex()}) and a short non-secret ID ({@link #id()}).
 * {@link #toString()} never shows the token.
 */
public final class AgentToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private AgentToken(String value) {
        if (value == null || value.length() < 43 || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("An agent token is at least 43 URL-safe characters (256 bits)");
        }
        this.value = value;
    }

    /** A new random token: 256 bits, URL-safe base64 without padding (43 characters). */
    public static AgentToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new AgentToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static AgentToken of(String value) {
        return new AgentToken(value.strip());
    }

    /** The token itself, for the agent's Authorization header. */
    public String value() {
        return value;
    }

    /** Lowercase hex SHA-256 of the token: the stack's AgentTokenHash parameter, which the backend compares with. */
    public String sha256Hex() {
        return sha256Hex(value);
    }

    /**
     * The stack's AgentTokenId parameter: the first 16 hex characters of SHA-256 of {@link #sha256Hex()}.
     * Not secret; it tells whether the deployed token is this one.
     */
    public String id() {
        return idOfHash(sha256Hex());
    }

    /** The ID for a token hash, as {@code printf %s HASH | sha256sum | cut -c1-16} computes it. */
    public static String idOfHash(String sha256Hex) {
        return sha256Hex(sha256Hex).substring(0, 16);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentToken token && MessageDigest.isEqual(
                token.value.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return "AgentToken[id=" + id() + "]";
    }
}
