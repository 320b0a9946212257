package dev.porthole.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Whose webhook signatures a {@link VerifyWebhook} rule checks; {@link #wireName()} is how policies name it. */
public enum WebhookProvider {
    /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
    GITHUB("github", "GitHub", false),
    /** {@code Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">}, within a tolerance of t. */
    STRIPE("stripe", "Stripe", true),
    /** {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">} with {@code X-Slack-Request-Timestamp: ts}. */
    SLACK("slack", "Slack", true),
    /** {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}. */
    SHOPIFY("shopify", "Shopify", false),
    /** {@code X-Twilio-Signature: <base64 HMAC-SHA1 of the URL and sorted form parameters>}. */
    TWILIO("twilio", "Twilio", false),
    /** A header of your choosing carrying a hex or base64 HMAC-SHA256 of the body, optionally after {@code sha256=}. */
    HMAC_SHA256("hmac-sha256", "HMAC-SHA256", false);

    private final String wireName;
    private final String displayName;
    private final boolean timestamped;

    WebhookProvider(String wireName, String displayName, boolean timestamped) {
        this.wireName = wireName;
        this.displayName = displayName;
        this.timestamped = timestamped;
    }

    public String wireName() {
        return wireName;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether its signatures carry a timestamp, checked against a tolerance (replay protection). */
    public boolean timestamped() {
        return timestamped;
    }

    public static Optional<WebhookProvider> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    /** "github, stripe, slack, shopify, twilio or hmac-sha256", for messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(WebhookProvider::wireName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
