package dev.porthole.deploy.token;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The function's own key (the template's {@code FunctionSecret}): 32 random bytes made on this computer, never
 * derived from the agent token, so holding the token does not let anyone sign what only the function may sign.
 */
public final class FunctionSecret {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final String hex;

    private FunctionSecret(String hex) {
        this.hex = hex;
    }

    public static FunctionSecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new FunctionSecret(HexFormat.of().formatHex(bytes));
    }

    /** @throws IllegalArgumentException unless {@code hex} is 64 lowercase hex characters */
    public static FunctionSecret of(String hex) {
        String trimmed = hex.trim();
        if (!HEX.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("a function secret is 64 lowercase hex characters");
        }
        return new FunctionSecret(trimmed);
    }

    /** The value of the {@code FunctionSecret} parameter. */
    public String hex() {
        return hex;
    }

    /** The value of the {@code FunctionSecretId} parameter: not secret, it only tells secrets apart. */
    public String id() {
        return AgentToken.idOfHash(hex);
    }

    @Override
    public String toString() {
        return "FunctionSecret[" + id() + "]";
    }
}
