package dev.porthole.local.gateway;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Connection IDs shaped like API Gateway's ({@code R1kmxc2VNjMCFIA=}): 11 random bytes in standard base64,
 * so they can contain {@code +}, {@code /} and {@code =} — which is exactly what makes URL-encoding them
 * in {@code @connections} paths matter.
 */
final class ConnectionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9+/]{15}=");

    private ConnectionIds() {
    }

    static String next() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static boolean wellFormed(String id) {
        return SHAPE.matcher(id).matches();
    }
}
