package dev.porthole.policy.webhook;

import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.porthole.policy.webhook.Deliveries.post;
import static dev.porthole.policy.webhook.Deliveries.secret;
import static dev.porthole.policy.webhook.Deliveries.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shopify documents the algorithm (https://shopify.dev/docs/apps/build/webhooks/subscribe/https, "Verify the
 * webhook": base64 of the HMAC-SHA256 of the raw body, keyed with the app's client secret, in
 * {@code X-Shopify-Hmac-Sha256}) but publishes no vector. This one was computed outside this code:
 * {@code printf '<body>' | openssl dgst -sha256 -hmac shpss_example_client_secret -binary | base64}.
 */
class ShopifyVerifierTest {
    private static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"topic\":\"orders/create\"}";
    private static final String HMAC = "IrB1i2OsOZEnIhj6Upwy7++50aO91nWC7SIzVZwIx/o=";
    private static final VerifyWebhook RULE = VerifyWebhook.shopify(secret("shpss_example_client_secret"));
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void theComputedExamplePasses() {
        assertThat(verify(RULE, post(BODY, NOW, "X-Shopify-Hmac-Sha256", HMAC)).isValid()).isTrue();
    }

    @Test
    void aTamperedBodyOrSignatureIsRefused() {
        assertThat(verify(RULE, post(BODY.replace("jon", "eve"), NOW, "X-Shopify-Hmac-Sha256", HMAC)).problem())
            .contains("the X-Shopify-Hmac-Sha256 signature does not match the body");
        assertThat(verify(RULE, post(BODY, NOW, "X-Shopify-Hmac-Sha256", "J" + HMAC.substring(1))).isValid()).isFalse();
    }

    @Test
    void aMissingOrMalformedHeaderSaysSo() {
        assertThat(verify(RULE, post(BODY, NOW)).problem()).contains("the X-Shopify-Hmac-Sha256 header is missing");
        assertThat(verify(RULE, post(BODY, NOW, "X-Shopify-Hmac-Sha256", "not base64!")).problem()).contains("the X-Shopify-Hmac-Sha256 header is not a base64 HMAC-SHA256");
        String hex = Signatures.toHex(java.util.Base64.getDecoder().decode(HMAC));
        assertThat(verify(RULE, post(BODY, NOW, "X-Shopify-Hmac-Sha256", hex)).isValid()).as("Shopify sends base64, not hex").isFalse();
    }
}
