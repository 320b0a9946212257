package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.VerifyWebhook;

/**
 * Checks one provider's signature on a request: the raw body bytes exactly as received, the headers, and for
 * Twilio the public URL. Each provider's algorithm is its own class, tested against the provider's published
 * example (see docs/agent.md, "Traffic policy").
 */
public sealed interface WebhookVerifier
    permits GitHubVerifier, StripeVerifier, SlackVerifier, ShopifyVerifier, TwilioVerifier, HmacSha256Verifier {

    Verification verify(PolicyRequest request);

    /** The verifier a rule asks for. */
    static WebhookVerifier forRule(VerifyWebhook rule) {
        byte[] key = rule.secret().keyBytes();
        return switch (rule.provider()) {
            case GITHUB -> new GitHubVerifier(key);
            case STRIPE -> new StripeVerifier(key, rule.tolerance().orElse(VerifyWebhook.DEFAULT_TOLERANCE));
            case SLACK -> new SlackVerifier(key, rule.tolerance().orElse(VerifyWebhook.DEFAULT_TOLERANCE));
            case SHOPIFY -> new ShopifyVerifier(key);
            case TWILIO -> new TwilioVerifier(key);
            case HMAC_SHA256 -> new HmacSha256Verifier(rule.header().orElseThrow(), key);
        };
    }
}
