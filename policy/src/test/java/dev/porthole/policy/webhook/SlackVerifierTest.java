package dev.porthole.policy.webhook;

import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.porthole.policy.webhook.Deliveries.post;
import static dev.porthole.policy.webhook.Deliveries.secret;
import static dev.porthole.policy.webhook.Deliveries.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack's published example, from "Verifying requests from Slack", section "Validating a request":
 * https://api.slack.com/authentication/verifying-requests-from-slack (signing secret
 * {@code 8f742231b10e8888abcd99yyyzzz85a5}, timestamp 1531420618, a slash-command body).
 */
class SlackVerifierTest {
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2F"
        + "hooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String TIMESTAMP = "1531420618";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final VerifyWebhook RULE = VerifyWebhook.slack(secret("8f742231b10e8888abcd99yyyzzz85a5"));
    private static final Instant SENT = Instant.ofEpochSecond(1531420618L);

    private static Verification deliver(String body, Instant now, String timestamp, String signature) {
        return verify(RULE, post(body, now, "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signature));
    }

    @Test
    void slacksPublishedExamplePasses() {
        assertThat(deliver(BODY, SENT.plusSeconds(2), TIMESTAMP, SIGNATURE).isValid()).isTrue();
    }

    @Test
    void aTamperedBodyTimestampOrSignatureIsRefused() {
        assertThat(deliver(BODY.replace("roadrunner", "coyote"), SENT, TIMESTAMP, SIGNATURE).problem())
            .contains("the X-Slack-Signature signature does not match the body and timestamp");
        assertThat(deliver(BODY, SENT, "1531420619", SIGNATURE).isValid()).isFalse();
        assertThat(deliver(BODY, SENT, TIMESTAMP, SIGNATURE.replace("a2114d", "a2114e")).isValid()).isFalse();
    }

    @Test
    void aRequestOlderThanFiveMinutesIsARefusedReplay() {
        assertThat(deliver(BODY, SENT.plusSeconds(301), TIMESTAMP, SIGNATURE).problem())
            .hasValueSatisfying(p -> assertThat(p).contains("X-Slack-Request-Timestamp is 301 s old"));
        assertThat(deliver(BODY, SENT.minusSeconds(301), TIMESTAMP, SIGNATURE).problem())
            .hasValueSatisfying(p -> assertThat(p).contains("in the future"));
    }

    @Test
    void missingOrMalformedHeadersSaySo() {
        assertThat(verify(RULE, post(BODY, SENT, "X-Slack-Signature", SIGNATURE)).problem()).contains("the X-Slack-Request-Timestamp header is missing");
        assertThat(verify(RULE, post(BODY, SENT, "X-Slack-Request-Timestamp", TIMESTAMP)).problem()).contains("the X-Slack-Signature header is missing");
        assertThat(deliver(BODY, SENT, "yesterday", SIGNATURE).problem()).contains("the X-Slack-Request-Timestamp header is not a Unix time in seconds");
        assertThat(deliver(BODY, SENT, TIMESTAMP, SIGNATURE.substring(3)).problem()).contains("the X-Slack-Signature header is not v0= followed by 64 hex digits");
    }
}
