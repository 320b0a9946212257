package dev.porthole.policy.webhook;

import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.porthole.policy.webhook.Deliveries.post;
import static dev.porthole.policy.webhook.Deliveries.secret;
import static dev.porthole.policy.webhook.Deliveries.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub's published test values, from "Validating webhook deliveries", section "Testing the webhook payload
 * validation": https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 * (secret "It's a Secret to Everybody", payload "Hello, World!").
 */
class GitHubVerifierTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final VerifyWebhook RULE = VerifyWebhook.github(secret("It's a Secret to Everybody"));
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsPublishedExamplePasses() {
        assertThat(verify(RULE, post("Hello, World!", NOW, "X-Hub-Signature-256", SIGNATURE)).isValid()).isTrue();
        assertThat(verify(RULE, post("Hello, World!", NOW, "X-Hub-Signature-256", SIGNATURE.toUpperCase().replace("SHA256=", "sha256="))).isValid())
            .as("hex digits in either case").isTrue();
    }

    @Test
    void aTamperedBodyOrSignatureOrAnotherSecretIsRefused() {
        assertThat(verify(RULE, post("Hello, World?", NOW, "X-Hub-Signature-256", SIGNATURE)).problem())
            .contains("the X-Hub-Signature-256 signature does not match the body");
        String flipped = SIGNATURE.substring(0, SIGNATURE.length() - 1) + "6";
        assertThat(verify(RULE, post("Hello, World!", NOW, "X-Hub-Signature-256", flipped)).isValid()).isFalse();
        assertThat(verify(VerifyWebhook.github(secret("another secret")), post("Hello, World!", NOW, "X-Hub-Signature-256", SIGNATURE)).isValid()).isFalse();
    }

    @Test
    void aMissingOrMalformedHeaderSaysSo() {
        assertThat(verify(RULE, post("Hello, World!", NOW)).problem()).contains("the X-Hub-Signature-256 header is missing");
        assertThat(verify(RULE, post("Hello, World!", NOW, "X-Hub-Signature-256", SIGNATURE.substring(7))).problem())
            .contains("the X-Hub-Signature-256 header is not sha256= followed by 64 hex digits");
        assertThat(verify(RULE, post("Hello, World!", NOW, "X-Hub-Signature", "sha1=0123")).problem())
            .as("the old SHA-1 header is not accepted").contains("the X-Hub-Signature-256 header is missing");
    }

    @Test
    void theProblemNeverShowsTheExpectedSignature() {
        Verification wrong = verify(RULE, post("tampered", NOW, "X-Hub-Signature-256", SIGNATURE));
        String expectedForTampered = Signatures.toHex(Signatures.hmacSha256("It's a Secret to Everybody".getBytes(), "tampered".getBytes()));
        assertThat(wrong.problem().orElseThrow()).doesNotContain(expectedForTampered).doesNotContain("Secret to Everybody");
    }
}
