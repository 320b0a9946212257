package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.Secret;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.protocol.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds webhook deliveries as the backend would hand them to a verifier. */
final class Deliveries {
    private Deliveries() {
    }

    static PolicyRequest post(String body, Instant now, String... headers) {
        return post(body.getBytes(StandardCharsets.UTF_8), now, headers);
    }

    static PolicyRequest post(byte[] body, Instant now, String... headers) {
        return PolicyRequest.builder("hooks", "POST", "/hooks", now)
            .headers(HttpHeaders.of(lowerCaseNames(headers)))
            .body(body)
            .sourceIp("192.0.2.10")
            .build();
    }

    /** API Gateway hands the function lower-case header names; the verifiers must not care. */
    private static String[] lowerCaseNames(String... namesAndValues) {
        String[] out = namesAndValues.clone();
        for (int i = 0; i < out.length; i += 2) {
            out[i] = out[i].toLowerCase(java.util.Locale.ROOT);
        }
        return out;
    }

    static Verification verify(VerifyWebhook rule, PolicyRequest request) {
        return WebhookVerifier.forRule(rule).verify(request);
    }

    static Secret secret(String value) {
        return Secret.of(value);
    }
}
