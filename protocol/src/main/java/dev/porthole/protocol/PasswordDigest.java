package dev.porthole.protocol;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the backend keeps of a tunnel's {@code user:password}: never the password, a digest it can check a caller's
 * credentials against. Two forms exist; {@link #create} makes only the first.
 *
 * <ul>
 *   <li>{@link Pbkdf2}: PBKDF2-HMAC-SHA256 with a random 16-byte salt of its own, written in the PHC string format
 *       {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>} (unpadded standard base64), so it says how to check it.</li>
 *   <li>{@link Legacy}: SHA-256 of one fixed salt and {@code user:password}, 64 hex digits, as made before. Still
 *       checked so that tunnels protected that way keep working, but never made again: with one salt for every
 *       tunnel, a leaked table could be cracked in bulk.</li>
 * </ul>
 */
sealed interface PasswordDigest {
    /**
     * Iterations of new digests. A backend checks a caller's credentials with this many HMAC-SHA256 rounds on the
     * first request of each caller (later ones hit the backend's cache of verified credentials). The Lambda function
     * runs with C1 only ({@code -XX:TieredStopAtLevel=1}) on a 1 GB arm64 function (about 0.6 vCPU), where 1,000
     * iterations take a few milliseconds; see docs/architecture.md for the measurement.
     */
    int ITERATIONS = 1_000;
    /** Fewer iterations than this are refused: a digest that cheap would be hardly better than the legacy one. */
    int MIN_ITERATIONS = 1_000;
    /** More are refused too: the backend computes them for every new caller, and a digest must not be a way to burn its CPU. */
    int MAX_ITERATIONS = 10_000;

    /** As written in an access header and kept on the tunnel item. */
    String encoded();

    /** Whether {@code userColonPassword} is what this digest was made from. Constant time in the compared bytes. */
    boolean matches(String userColonPassword);

    /** A new digest of {@code userColonPassword} with a fresh random salt. */
    static PasswordDigest create(String userColonPassword) {
        byte[] salt = new byte[Pbkdf2.SALT_BYTES];
        Pbkdf2.RANDOM.nextBytes(salt);
        return new Pbkdf2(ITERATIONS, salt, Pbkdf2.derive(userColonPassword, salt, ITERATIONS));
    }

    /** The digest written as {@code encoded}, or empty when it is neither form (or outside the accepted limits). */
    static Optional<PasswordDigest> parse(String encoded) {
        Matcher pbkdf2 = Pbkdf2.FORMAT.matcher(encoded);
        if (pbkdf2.matches()) {
            int iterations = Integer.parseInt(pbkdf2.group(1));
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                return Optional.empty();
            }
            return Optional.of(new Pbkdf2(iterations, Base64.getDecoder().decode(pbkdf2.group(2)),
                Base64.getDecoder().decode(pbkdf2.group(3))));
        }
        if (Legacy.FORMAT.matcher(encoded).matches()) {
            return Optional.of(new Legacy(HexFormat.of().parseHex(encoded)));
        }
        return Optional.empty();
    }

    /** PBKDF2-HMAC-SHA256 (RFC 8018) with a salt of its own. */
    record Pbkdf2(int iterations, byte[] salt, byte[] hash) implements PasswordDigest {
        static final int SALT_BYTES = 16;
        static final int HASH_BYTES = 32;
        static final Pattern FORMAT = Pattern.compile("\\$pbkdf2-sha256\\$i=([1-9][0-9]{0,6})\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

        @Override
        public String encoded() {
            return "$pbkdf2-sha256$i=" + iterations + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
        }

        @Override
        public boolean matches(String userColonPassword) {
            return MessageDigest.isEqual(derive(userColonPassword, salt, iterations), hash);
        }

        static byte[] derive(String userColonPassword, byte[] salt, int iterations) {
            PBEKeySpec spec = new PBEKeySpec(userColonPassword.toCharArray(), salt, iterations, HASH_BYTES * 8);
            try {
                // SunJCE turns the characters into UTF-8 bytes, as RFC 7617 asks of Basic credentials
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
            } finally {
                spec.clearPassword();
            }
        }
    }

    /** SHA-256 of a salt shared by every tunnel, then {@code user:password}: what digests were before PBKDF2. */
    record Legacy(byte[] hash) implements PasswordDigest {
        static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");
        private static final String SHARED_SALT = "porthole basic auth\n";

        @Override
        public String encoded() {
            return HexFormat.of().formatHex(hash);
        }

        @Override
        public boolean matches(String userColonPassword) {
            try {
                byte[] presented = MessageDigest.getInstance("SHA-256")
                    .digest((SHARED_SALT + userColonPassword).getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(presented, hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
    }
}
