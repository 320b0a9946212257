package dev.porthole.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A webhook signing secret. It never shows itself: {@link #toString()} is {@link #redacted()}, so a rule, a policy
 * or a log line that prints one prints no more than its last four characters. Only the code that signs or stores
 * the policy calls {@link #reveal()}.
 */
public final class Secret {
    /** Secrets shorter than this show no characters at all when redacted. */
    static final int SHOWN_FROM_LENGTH = 12;
    static final int MAX_LENGTH = 1024;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws InvalidPolicyException when empty or longer than 1,024 characters */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw InvalidPolicyException.at("secret", "the secret is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw InvalidPolicyException.at("secret", "the secret is longer than " + MAX_LENGTH + " characters");
        }
        return new Secret(value);
    }

    /** The secret itself: for signing and for the policy's stored form, never for display. */
    public String reveal() {
        return value;
    }

    /** Its UTF-8 bytes, the key every provider signs with. */
    public byte[] keyBytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code …9f3a}: the last four characters of a secret of 12 or more, {@code …} alone for a shorter one. */
    public String redacted() {
        return value.length() >= SHOWN_FROM_LENGTH ? "…" + value.substring(value.length() - 4) : "…";
    }

    @Override
    public String toString() {
        return redacted();
    }

    /** Constant-time, so comparing secrets says nothing about how much of them matched. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(keyBytes(), other.keyBytes());
    }

    @Override
    public int hashCode() {
        return value.length();
    }
}
