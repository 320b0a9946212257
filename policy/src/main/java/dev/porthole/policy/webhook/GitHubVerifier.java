package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;

import java.util.Optional;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the webhook secret>}.
 * Source: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
public final class GitHubVerifier implements WebhookVerifier {
    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final byte[] key;

    GitHubVerifier(byte[] key) {
        this.key = key.clone();
    }

    @Override
    public Verification verify(PolicyRequest request) {
        Optional<String> header = request.headers().first(HEADER);
        if (header.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is missing");
        }
        String value = header.get().strip();
        Optional<byte[]> given = value.startsWith(PREFIX)
            ? Signatures.hex(value.substring(PREFIX.length()), Signatures.SHA256_BYTES)
            : Optional.empty();
        if (given.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is not sha256= followed by 64 hex digits");
        }
        return Signatures.same(Signatures.hmacSha256(key, request.body()), given.get())
            ? Verification.valid()
            : Verification.invalid("the " + HEADER + " signature does not match the body");
    }
}
