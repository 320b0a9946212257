package dev.porthole.backend.connection;

import dev.porthole.backend.Randomness;

import java.util.regex.Pattern;

/** Tunnel IDs: the first path segment of a tunnel's public URL. */
public final class TunnelIds {
    /** Lower-case base32 without padding: URL-safe, unambiguous to read aloud, 5 bits a character. */
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** 13 characters × 5 bits = 65 bits: guessing one of a user's tunnels is not a practical attack. */
    static final int RANDOM_LENGTH = 13;
    /** What an agent may ask for: 3–40 characters of a–z, 0–9 and inner hyphens, like a DNS label. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]");

    private TunnelIds() {
    }

    public static String random() {
        char[] id = new char[RANDOM_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[Randomness.secure().nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    /** The rule in words, for error messages. */
    public static String rule() {
        return "3 to 40 characters: lower-case letters, digits and hyphens, starting and ending with a letter or digit";
    }
}
