package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * Any provider that sends an HMAC-SHA256 of the raw body in a header: hex (64 digits) or base64 (44 characters,
 * padding optional), with or without a {@code sha256=} prefix. The two encodings cannot be confused: they differ in
 * length.
 */
public final class HmacSha256Verifier implements WebhookVerifier {
    private final String header;
    private final byte[] key;

    HmacSha256Verifier(String header, byte[] key) {
        this.header = header;
        this.key = key.clone();
    }

    @Override
    public Verification verify(PolicyRequest request) {
        Optional<String> value = request.headers().first(header);
        if (value.isEmpty()) {
            return Verification.invalid("the " + header + " header is missing");
        }
        String stripped = value.get().strip();
        String text = stripped.toLowerCase(Locale.ROOT).startsWith("sha256=") ? stripped.substring("sha256=".length()) : stripped;
        Optional<byte[]> given = Signatures.hex(text, Signatures.SHA256_BYTES)
            .or(() -> Signatures.base64(text, Signatures.SHA256_BYTES));
        if (given.isEmpty()) {
            return Verification.invalid("the " + header + " header is not a hex or base64 HMAC-SHA256");
        }
        return Signatures.same(Signatures.hmacSha256(key, request.body()), given.get())
            ? Verification.valid()
            : Verification.invalid("the " + header + " signature does not match the body");
    }
}
