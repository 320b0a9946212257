package dev.porthole.local.iam.sigv4;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SigV4 signing keys derived so far, as AWS's signers and services keep them: a key depends only on the secret,
 * the day, the Region and the service, so deriving it (four HMACs) once a day per credential is enough. Every
 * request's signature is still computed and compared in full. Held in memory only, like the secrets themselves.
 */
final class SigningKeys {
    /** Far more than the credentials a local backend issues in a day; past it the cache starts again. */
    private static final int MAX_KEYS = 4_096;

    private record Scope(String secret, String day, String region, String service) {
        @Override
        public String toString() {
            return day + "/" + region + "/" + service; // never the secret
        }
    }

    private final Map<Scope, byte[]> keys = new ConcurrentHashMap<>();

    byte[] of(String secret, String day, String region, String service) {
        Scope scope = new Scope(secret, day, region, service);
        byte[] key = keys.get(scope);
        if (key == null) {
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            key = SigV4Verifier.signingKey(secret, day, region, service);
            keys.put(scope, key);
        }
        return key;
    }
}
