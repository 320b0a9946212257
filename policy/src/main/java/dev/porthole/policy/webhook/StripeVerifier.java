package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stripe: {@code Stripe-Signature: t=<unix time>,v1=<hex>[,v1=<hex>…][,v0=…]}, where each {@code v1} may be the
 * hex HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the endpoint's signing secret ({@code whsec_…}, used as
 * is); one matching {@code v1} suffices (Stripe sends several while a secret is being rolled), other schemes are
 * ignored, and {@code t} must be within the tolerance of now (default 5 minutes, as Stripe's libraries).
 * Source: https://docs.stripe.com/webhooks#verify-manually
 */
public final class StripeVerifier implements WebhookVerifier {
    static final String HEADER = "Stripe-Signature";

    private final byte[] key;
    private final Duration tolerance;

    StripeVerifier(byte[] key, Duration tolerance) {
        this.key = key.clone();
        this.tolerance = tolerance;
    }

    @Override
    public Verification verify(PolicyRequest request) {
        Optional<String> header = request.headers().first(HEADER);
        if (header.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is missing");
        }
        Long timestamp = null;
        String timestampText = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String item : header.get().split(",")) {
            String element = item.strip();
            int eq = element.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = element.substring(0, eq);
            String value = element.substring(eq + 1);
            if (name.equals("t")) {
                Optional<Long> parsed = Timestamps.parse(value);
                if (parsed.isEmpty() || timestamp != null) {
                    return malformed();
                }
                timestamp = parsed.get();
                timestampText = value;
            } else if (name.equals("v1")) {
                // a v1 that is not 64 hex digits can never match: skip it, as Stripe's libraries do
                Signatures.hex(value, Signatures.SHA256_BYTES).ifPresent(signatures::add);
            }
        }
        if (timestamp == null) {
            return malformed();
        }
        if (signatures.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header has no v1 signature");
        }
        byte[] expected = Signatures.hmacSha256(key, (timestampText + ".").getBytes(StandardCharsets.US_ASCII), request.body());
        boolean matched = false;
        for (byte[] signature : signatures) {
            matched |= Signatures.same(expected, signature);
        }
        if (!matched) {
            return Verification.invalid("no " + HEADER + " v1 signature matches the body");
        }
        return Timestamps.staleness(HEADER + " timestamp", timestamp, request.now(), tolerance)
            .map(Verification::invalid)
            .orElse(Verification.valid());
    }

    private static Verification malformed() {
        return Verification.invalid("the " + HEADER + " header is not t=<timestamp>,v1=<signature>");
    }
}
