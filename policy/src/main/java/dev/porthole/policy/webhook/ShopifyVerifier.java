package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;

import java.util.Optional;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body, keyed with the app's client secret>}.
 * Source: https://shopify.dev/docs/apps/build/webhooks/subscribe/https (Verify the webhook).
 */
public final class ShopifyVerifier implements WebhookVerifier {
    static final String HEADER = "X-Shopify-Hmac-Sha256";

    private final byte[] key;

    ShopifyVerifier(byte[] key) {
        this.key = key.clone();
    }

    @Override
    public Verification verify(PolicyRequest request) {
        Optional<String> header = request.headers().first(HEADER);
        if (header.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is missing");
        }
        Optional<byte[]> given = Signatures.base64(header.get().strip(), Signatures.SHA256_BYTES);
        if (given.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is not a base64 HMAC-SHA256");
        }
        return Signatures.same(Signatures.hmacSha256(key, request.body()), given.get())
            ? Verification.valid()
            : Verification.invalid("the " + HEADER + " signature does not match the body");
    }
}
