package dev.porthole.backend.auth;

import dev.porthole.protocol.Digests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Message authentication codes, with keys derived from the function's secret — generated at deployment, known
 * to no agent, so holding the agent token does not let anyone make a code. Every execution environment derives
 * the same keys, so what one invocation signs another can verify, with no shared state. After an update rotated
 * the secret, codes made with the previous one still verify.
 */
public final class Keys {
    /** What a key is for; each purpose has its own key so a code made for one can never pass as another. */
    public enum Purpose {
        /** A resume token: lets an agent hand its tunnel to a new connection of its own (a planned reconnect). */
        RESUME
    }

    private static final int MAC_BYTES = 16;
    private final byte[][] keys;
    private final byte[][] previousKeys;

    public Keys(byte[] functionSecret) {
        this(functionSecret, Optional.empty());
    }

    public Keys(byte[] functionSecret, Optional<byte[]> previousSecret) {
        this.keys = derive(functionSecret);
        this.previousKeys = previousSecret.map(Keys::derive).orElse(null);
    }

    private static byte[][] derive(byte[] secret) {
        byte[][] derived = new byte[Purpose.values().length][];
        for (Purpose purpose : Purpose.values()) {
            derived[purpose.ordinal()] = Digests.hmacSha256(secret, "porthole/" + purpose.name().toLowerCase());
        }
        return derived;
    }

    /** A 128-bit code over {@code parts}, base64url without padding (22 characters). */
    public String mac(Purpose purpose, String... parts) {
        return mac(keys, purpose, parts);
    }

    /** Constant-time check of a code made by {@link #mac}, with the current secret or the previous one. */
    public boolean verify(Purpose purpose, String mac, String... parts) {
        if (mac == null) {
            return false;
        }
        byte[] given = mac.getBytes(StandardCharsets.US_ASCII);
        boolean current = MessageDigest.isEqual(mac(keys, purpose, parts).getBytes(StandardCharsets.US_ASCII), given);
        boolean previous = previousKeys != null
            && MessageDigest.isEqual(mac(previousKeys, purpose, parts).getBytes(StandardCharsets.US_ASCII), given);
        return current | previous;
    }

    private static String mac(byte[][] keys, Purpose purpose, String... parts) {
        byte[] full = Digests.hmacSha256(keys[purpose.ordinal()], String.join("|", parts));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
    }
}
