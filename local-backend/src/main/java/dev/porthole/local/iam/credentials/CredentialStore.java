package dev.porthole.local.iam.credentials;

import dev.porthole.local.iam.identity.Principal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every set of credentials this backend has issued, in memory only: they are new at each start and no file
 * holds them. Access key IDs have AWS's shape (20 characters: {@code AKIA} or {@code ASIA} and 16 of
 * {@code A-Z2-7}), secrets are 40 characters, session tokens are long random strings.
 */
public final class CredentialStore implements CredentialLookup {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** expired temporary credentials are kept this long, so that using them is answered "expired", not "invalid" */
    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, IssuedCredentials> byAccessKeyId = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clock when expired credentials may be forgotten */
    public CredentialStore(Clock clock) {
        this.clock = clock;
    }

    /** Long-term credentials ({@code AKIA...}), valid until the backend stops. */
    public IssuedCredentials issueLongTerm(Principal principal) {
        return store(new IssuedCredentials(newKeyId("AKIA"), newSecret(), Optional.empty(), Optional.empty(), principal));
    }

    /** Temporary credentials ({@code ASIA...}) with a session token, valid until {@code expiration}. */
    public IssuedCredentials issueTemporary(Principal principal, Instant expiration) {
        byAccessKeyId.values().removeIf(c -> c.expiration().filter(e -> e.plus(KEEP_EXPIRED).isBefore(clock.instant())).isPresent());
        byte[] token = new byte[160];
        random.nextBytes(token);
        return store(new IssuedCredentials(newKeyId("ASIA"), newSecret(), Optional.of(Base64.getEncoder().encodeToString(token)),
            Optional.of(expiration), principal));
    }

    @Override
    public Optional<IssuedCredentials> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    private IssuedCredentials store(IssuedCredentials credentials) {
        if (byAccessKeyId.putIfAbsent(credentials.accessKeyId(), credentials) != null) {
            throw new IllegalStateException("access key ID collision"); // 2^80 IDs: does not happen
        }
        return credentials;
    }

    private String newKeyId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return id.toString();
    }

    private String newSecret() {
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            secret.append(SECRET_ALPHABET.charAt(random.nextInt(SECRET_ALPHABET.length())));
        }
        return secret.toString();
    }
}
