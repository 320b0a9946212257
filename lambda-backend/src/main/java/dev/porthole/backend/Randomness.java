package dev.porthole.backend;

import java.security.SecureRandom;

/**
 * The one source of randomness for IDs and nonces. With SnapStart, every execution environment restored from
 * the same snapshot would replay the same random sequence from a generator created before the snapshot,
 * so the generator is made lazily and thrown away after each restore ({@link #reset()}).
 */
public final class Randomness {
    private static volatile SecureRandom random;

    private Randomness() {
    }

    public static SecureRandom secure() {
        SecureRandom r = random;
        if (r == null) {
            synchronized (Randomness.class) {
                r = random;
                if (r == null) {
                    r = new SecureRandom();
                    random = r;
                }
            }
        }
        return r;
    }

    /** Called after a SnapStart restore. */
    public static void reset() {
        random = null;
    }
}
