package dev.porthole.policy.webhook;

import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.porthole.policy.webhook.Deliveries.post;
import static dev.porthole.policy.webhook.Deliveries.secret;
import static dev.porthole.policy.webhook.Deliveries.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic HMAC-SHA256 check. Its primitive is the same one GitHub's published vector pins (GitHubVerifierTest);
 * these values were computed outside this code: {@code printf '{"event":"ping"}' | openssl dgst -sha256 -hmac
 * generic-example-secret} (and {@code -binary | base64}).
 */
class HmacSha256VerifierTest {
    private static final String BODY = "{\"event\":\"ping\"}";
    private static final String HEX = "c5edd859ab489c280a3d1cec184c53fdef28ca4e6f2ae2ad5848ef7f36609a25";
    private static final String BASE64 = "xe3YWatInCgKPRzsGExT/e8oyk5vKuKtWEjvfzZgmiU=";
    private static final VerifyWebhook RULE = VerifyWebhook.hmacSha256("X-Signature", secret("generic-example-secret"));
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static Verification deliver(String body, String signature) {
        return verify(RULE, post(body, NOW, "X-Signature", signature));
    }

    @Test
    void hexOrBase64WithOrWithoutThePrefixPass() {
        assertThat(deliver(BODY, HEX).isValid()).isTrue();
        assertThat(deliver(BODY, HEX.toUpperCase()).isValid()).isTrue();
        assertThat(deliver(BODY, "sha256=" + HEX).isValid()).isTrue();
        assertThat(deliver(BODY, "SHA256=" + HEX).isValid()).isTrue();
        assertThat(deliver(BODY, BASE64).isValid()).isTrue();
        assertThat(deliver(BODY, BASE64.replace("=", "")).isValid()).as("unpadded").isTrue();
        assertThat(deliver(BODY, "sha256=" + BASE64).isValid()).isTrue();
    }

    @Test
    void aTamperedBodyOrSignatureIsRefused() {
        assertThat(deliver(BODY + "\n", HEX).problem()).contains("the X-Signature signature does not match the body");
        assertThat(deliver(BODY, "0" + HEX.substring(1)).isValid()).isFalse();
        assertThat(deliver(BODY, "y" + BASE64.substring(1)).isValid()).isFalse();
    }

    @Test
    void theHeaderIsTheOneTheRuleNames() {
        assertThat(verify(RULE, post(BODY, NOW, "X-Other", HEX)).problem()).contains("the X-Signature header is missing");
        assertThat(deliver(BODY, "abc").problem()).contains("the X-Signature header is not a hex or base64 HMAC-SHA256");
    }
}
