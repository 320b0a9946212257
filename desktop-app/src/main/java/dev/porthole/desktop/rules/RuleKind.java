package dev.porthole.desktop.rules;

import dev.porthole.policy.Deny;
import dev.porthole.policy.FallbackResponse;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestHeaders;
import dev.porthole.policy.ResponseHeaders;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Rule;
import dev.porthole.policy.VerifyWebhook;

/** The kinds of rule the form offers, in the words the app shows. */
public enum RuleKind {
    IP_RANGES("IP addresses", "Allow or deny callers by their IP address (CIDR ranges)"),
    REQUEST_HEADERS("Request headers", "Add, replace or remove headers on the way to your server"),
    RESPONSE_HEADERS("Response headers", "Add, replace or remove headers on the way back to the caller"),
    WEBHOOK("Webhook signature", "Refuse webhooks not signed with your secret (GitHub, Stripe, Slack, …)"),
    RATE_LIMIT("Rate limit", "Refuse requests beyond a number per second, minute or hour"),
    FIXED_RESPONSE("Fixed response", "Answer some requests from the backend (health checks, robots.txt)"),
    FALLBACK("When offline", "The answer callers get while the tunnel is offline or your server is down"),
    DENY("Deny", "Refuse some requests outright");

    private final String label;
    private final String description;

    RuleKind(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** Whether the rule runs on some requests only (methods and a path); a fallback answers for the whole tunnel. */
    public boolean matchesRequests() {
        return this != FALLBACK;
    }

    public static RuleKind of(Rule rule) {
        return switch (rule) {
            case RestrictIps r -> IP_RANGES;
            case RequestHeaders r -> REQUEST_HEADERS;
            case ResponseHeaders r -> RESPONSE_HEADERS;
            case VerifyWebhook r -> WEBHOOK;
            case RateLimit r -> RATE_LIMIT;
            case FixedResponse r -> FIXED_RESPONSE;
            case FallbackResponse r -> FALLBACK;
            case Deny r -> DENY;
        };
    }
}
