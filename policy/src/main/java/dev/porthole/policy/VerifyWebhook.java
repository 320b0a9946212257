package dev.porthole.policy;

import java.time.Duration;
import java.util.Optional;

/**
 * Refuses a request whose webhook signature is missing or wrong for {@link #secret()}: 401
 * {@code webhook-signature-invalid}, so the local service only ever sees deliveries the provider really signed.
 *
 * @param header    only for {@link WebhookProvider#HMAC_SHA256}: the header carrying the signature
 * @param tolerance only for providers whose signatures carry a timestamp (Stripe, Slack): how far it may be from
 *                  now, either way; 5 minutes unless set, as both providers advise
 */
public record VerifyWebhook(RequestMatch match, WebhookProvider provider, Secret secret, Optional<String> header,
                            Optional<Duration> tolerance) implements RequestRule {
    public static final String KIND = "verify-webhook";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    public static final Duration MAX_TOLERANCE = Duration.ofDays(1);

    public VerifyWebhook {
        java.util.Objects.requireNonNull(match, "match");
        java.util.Objects.requireNonNull(provider, "provider");
        java.util.Objects.requireNonNull(secret, "secret");
        if (provider == WebhookProvider.HMAC_SHA256) {
            String name = header.orElseThrow(() -> InvalidPolicyException.at("header",
                "hmac-sha256 needs the header that carries the signature, e.g. header: X-Signature"));
            if (!HeaderRules.isToken(name)) {
                throw InvalidPolicyException.at("header", "\"" + name + "\" is not a header name");
            }
        } else if (header.isPresent()) {
            throw InvalidPolicyException.at("header", provider.wireName() + " always uses its own header; header is only for hmac-sha256");
        }
        if (provider.timestamped()) {
            Duration t = tolerance.orElse(DEFAULT_TOLERANCE);
            if (t.compareTo(Duration.ofSeconds(1)) < 0 || t.compareTo(MAX_TOLERANCE) > 0) {
                throw InvalidPolicyException.at("tolerance", "tolerance must be from 1 to " + MAX_TOLERANCE.toSeconds() + " seconds");
            }
            tolerance = Optional.of(t);
        } else if (tolerance.isPresent()) {
            throw InvalidPolicyException.at("tolerance", provider.wireName() + " signatures carry no timestamp; tolerance is only for stripe and slack");
        }
    }

    /** A rule for a provider with its own header; for {@link WebhookProvider#HMAC_SHA256} use {@link #hmacSha256}. */
    public static VerifyWebhook of(WebhookProvider provider, Secret secret) {
        return new VerifyWebhook(RequestMatch.any(), provider, secret, Optional.empty(), Optional.empty());
    }

    public static VerifyWebhook github(Secret secret) {
        return of(WebhookProvider.GITHUB, secret);
    }

    public static VerifyWebhook stripe(Secret secret) {
        return of(WebhookProvider.STRIPE, secret);
    }

    public static VerifyWebhook slack(Secret secret) {
        return of(WebhookProvider.SLACK, secret);
    }

    public static VerifyWebhook shopify(Secret secret) {
        return of(WebhookProvider.SHOPIFY, secret);
    }

    public static VerifyWebhook twilio(Secret secret) {
        return of(WebhookProvider.TWILIO, secret);
    }

    /** A hex or base64 HMAC-SHA256 of the body in {@code header}, optionally prefixed {@code sha256=}. */
    public static VerifyWebhook hmacSha256(String header, Secret secret) {
        return new VerifyWebhook(RequestMatch.any(), WebhookProvider.HMAC_SHA256, secret, Optional.of(header), Optional.empty());
    }

    public VerifyWebhook matching(RequestMatch newMatch) {
        return new VerifyWebhook(newMatch, provider, secret, header, tolerance);
    }

    /** Only for Stripe and Slack. */
    public VerifyWebhook withTolerance(Duration newTolerance) {
        return new VerifyWebhook(match, provider, secret, header, Optional.of(newTolerance));
    }

    /** The header the signature arrives in. */
    public String signatureHeader() {
        return switch (provider) {
            case GITHUB -> "X-Hub-Signature-256";
            case STRIPE -> "Stripe-Signature";
            case SLACK -> "X-Slack-Signature";
            case SHOPIFY -> "X-Shopify-Hmac-Sha256";
            case TWILIO -> "X-Twilio-Signature";
            case HMAC_SHA256 -> header.orElseThrow();
        };
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return provider.displayName() + " signature in " + signatureHeader() + ", secret " + secret.redacted()
            + tolerance.map(t -> ", within " + t.toSeconds() + " s").orElse("");
    }
}
