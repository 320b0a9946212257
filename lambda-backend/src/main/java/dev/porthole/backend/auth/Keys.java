package dev.porthole.backend.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Message authentication codes, with keys derived from the agent token's hash. Every execution environment
 * derives the same keys, so what one Lambda invocation signs, another can verify, with no shared state.
 */
public final class Keys {
    /** What a key is for; each purpose has its own key so a code made for one can never pass as another. */
    public enum Purpose { REQUEST_TICKET, RESUME, RELAY }

    private static final int MAC_BYTES = 16;
    private final byte[][] keys = new byte[Purpose.values().length][];

    public Keys(byte[] tokenSha256) {
        for (Purpose purpose : Purpose.values()) {
            keys[purpose.ordinal()] = hmac(tokenSha256, "porthole/" + purpose.name().toLowerCase());
        }
    }

    /** A 128-bit code over {@code parts}, base64url without padding (22 characters). */
    public String mac(Purpose purpose, String... parts) {
        byte[] full = hmac(keys[purpose.ordinal()], String.join("|", parts));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
    }

    /** Constant-time check of a code made by {@link #mac}. */
    public boolean verify(Purpose purpose, String mac, String... parts) {
        if (mac == null) {
            return false;
        }
        return MessageDigest.isEqual(mac(purpose, parts).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
