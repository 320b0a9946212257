package dev.porthole.agent.testing;

import java.util.Random;

/** Test bodies: every byte value, none of it valid UTF-8 by accident. */
public final class Bytes {
    private Bytes() {
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
