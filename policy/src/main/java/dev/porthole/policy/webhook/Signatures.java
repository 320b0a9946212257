package dev.porthole.policy.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** The HMACs, digests and encodings the providers sign with, and the one comparison every check uses. */
final class Signatures {
    static final int SHA256_BYTES = 32;
    static final int SHA1_BYTES = 20;

    private Signatures() {
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        return hmac("HmacSHA256", key, parts);
    }

    static byte[] hmacSha1(byte[] key, byte[]... parts) {
        return hmac("HmacSHA1", key, parts);
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant time in the content, so a forger learns nothing from how fast a wrong guess is refused. */
    static boolean same(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }

    /** Hex of exactly {@code bytes} bytes (either case), or empty. */
    static Optional<byte[]> hex(String text, int bytes) {
        if (text.length() != bytes * 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Standard base64 (padding optional) of exactly {@code bytes} bytes, or empty. */
    static Optional<byte[]> base64(String text, int bytes) {
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            return decoded.length == bytes ? Optional.of(decoded) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
