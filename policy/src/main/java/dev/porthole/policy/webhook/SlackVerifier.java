package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>", keyed with the signing
 * secret>}, where the timestamp is {@code X-Slack-Request-Timestamp} and must be within 5 minutes of now.
 * Source: https://api.slack.com/authentication/verifying-requests-from-slack
 */
public final class SlackVerifier implements WebhookVerifier {
    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    private static final String VERSION = "v0";

    private final byte[] key;
    private final Duration tolerance;

    SlackVerifier(byte[] key, Duration tolerance) {
        this.key = key.clone();
        this.tolerance = tolerance;
    }

    @Override
    public Verification verify(PolicyRequest request) {
        Optional<String> signature = request.headers().first(SIGNATURE_HEADER);
        if (signature.isEmpty()) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " header is missing");
        }
        Optional<String> timestampHeader = request.headers().first(TIMESTAMP_HEADER);
        if (timestampHeader.isEmpty()) {
            return Verification.invalid("the " + TIMESTAMP_HEADER + " header is missing");
        }
        String timestampText = timestampHeader.get().strip();
        Optional<Long> timestamp = Timestamps.parse(timestampText);
        if (timestamp.isEmpty()) {
            return Verification.invalid("the " + TIMESTAMP_HEADER + " header is not a Unix time in seconds");
        }
        String value = signature.get().strip();
        Optional<byte[]> given = value.startsWith(VERSION + "=")
            ? Signatures.hex(value.substring(VERSION.length() + 1), Signatures.SHA256_BYTES)
            : Optional.empty();
        if (given.isEmpty()) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " header is not v0= followed by 64 hex digits");
        }
        byte[] base = (VERSION + ":" + timestampText + ":").getBytes(StandardCharsets.US_ASCII);
        if (!Signatures.same(Signatures.hmacSha256(key, base, request.body()), given.get())) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " signature does not match the body and timestamp");
        }
        return Timestamps.staleness(TIMESTAMP_HEADER, timestamp.get(), request.now(), tolerance)
            .map(Verification::invalid)
            .orElse(Verification.valid());
    }
}
