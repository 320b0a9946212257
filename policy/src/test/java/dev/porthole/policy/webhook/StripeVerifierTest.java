package dev.porthole.policy.webhook;

import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.porthole.policy.webhook.Deliveries.post;
import static dev.porthole.policy.webhook.Deliveries.secret;
import static dev.porthole.policy.webhook.Deliveries.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stripe publishes the algorithm (https://docs.stripe.com/webhooks#verify-manually: the signed payload is
 * {@code <t>.<raw body>}, HMAC-SHA256 with the endpoint secret, hex, in {@code v1}) but no vector with its secret.
 * The vector here uses the secret and payload of stripe-java's own WebhookTest ({@code whsec_test_secret}) and the
 * timestamp of the docs' example header (1492774577); the signature was computed outside this code with
 * {@code printf '1492774577.<payload>' | openssl dgst -sha256 -hmac whsec_test_secret}.
 */
class StripeVerifierTest {
    private static final String PAYLOAD = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    private static final long T = 1492774577L;
    private static final String V1 = "c2f890decbc5ede7c5060bb9a6d31e0626a4342bacb9aeae2adb1bcea72f9812";
    private static final VerifyWebhook RULE = VerifyWebhook.stripe(secret("whsec_test_secret"));
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(T);

    private static Verification deliver(String body, Instant now, String header) {
        return verify(RULE, post(body, now, "Stripe-Signature", header));
    }

    @Test
    void theComputedExamplePassesWithinTheTolerance() {
        assertThat(deliver(PAYLOAD, SIGNED_AT.plusSeconds(30), "t=" + T + ",v1=" + V1).isValid()).isTrue();
        assertThat(deliver(PAYLOAD, SIGNED_AT.plusSeconds(300), "t=" + T + ",v1=" + V1).isValid()).as("exactly 5 minutes").isTrue();
    }

    @Test
    void oneMatchingV1AmongSeveralSufficesAndOtherSchemesAreIgnored() {
        String rolling = "t=" + T + ",v1=" + "0".repeat(64) + ", v1=" + V1 + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
        assertThat(deliver(PAYLOAD, SIGNED_AT, rolling).isValid()).isTrue();
        assertThat(deliver(PAYLOAD, SIGNED_AT, "t=" + T + ",v0=" + V1).problem()).contains("the Stripe-Signature header has no v1 signature");
    }

    @Test
    void aTamperedBodySignatureOrTimestampIsRefused() {
        assertThat(deliver(PAYLOAD + " ", SIGNED_AT, "t=" + T + ",v1=" + V1).problem()).contains("no Stripe-Signature v1 signature matches the body");
        assertThat(deliver(PAYLOAD, SIGNED_AT, "t=" + T + ",v1=" + V1.replace('c', 'd')).isValid()).isFalse();
        // moving the timestamp (to dodge the replay window) breaks the signature
        assertThat(deliver(PAYLOAD, SIGNED_AT.plusSeconds(3600), "t=" + (T + 3600) + ",v1=" + V1).isValid()).isFalse();
    }

    @Test
    void aReplayOutsideTheToleranceIsRefusedEitherWay() {
        assertThat(deliver(PAYLOAD, SIGNED_AT.plusSeconds(301), "t=" + T + ",v1=" + V1).problem())
            .hasValueSatisfying(p -> assertThat(p).contains("timestamp is 301 s old").contains("at most 300 s"));
        assertThat(deliver(PAYLOAD, SIGNED_AT.minusSeconds(400), "t=" + T + ",v1=" + V1).problem())
            .hasValueSatisfying(p -> assertThat(p).contains("400 s in the future"));
        VerifyWebhook patient = RULE.withTolerance(Duration.ofMinutes(10));
        assertThat(verify(patient, post(PAYLOAD, SIGNED_AT.plusSeconds(500), "Stripe-Signature", "t=" + T + ",v1=" + V1)).isValid()).isTrue();
    }

    @Test
    void aMissingOrMalformedHeaderSaysSo() {
        assertThat(verify(RULE, post(PAYLOAD, SIGNED_AT)).problem()).contains("the Stripe-Signature header is missing");
        assertThat(deliver(PAYLOAD, SIGNED_AT, "v1=" + V1).problem()).contains("the Stripe-Signature header is not t=<timestamp>,v1=<signature>");
        assertThat(deliver(PAYLOAD, SIGNED_AT, "t=soon,v1=" + V1).problem()).contains("the Stripe-Signature header is not t=<timestamp>,v1=<signature>");
        assertThat(deliver(PAYLOAD, SIGNED_AT, "t=" + T + ",t=" + T + ",v1=" + V1).problem()).as("two timestamps").contains("the Stripe-Signature header is not t=<timestamp>,v1=<signature>");
        assertThat(deliver(PAYLOAD, SIGNED_AT, "garbage").isValid()).isFalse();
    }
}
