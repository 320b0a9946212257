package dev.porthole.policy;

/** A rule run on each request that its {@link #match()} selects. */
public sealed interface RequestRule extends Rule
    permits RestrictIps, RequestHeaders, ResponseHeaders, VerifyWebhook, RateLimit, FixedResponse, Deny {

    /** Which requests the rule is about; {@link RequestMatch#any()} for every one. */
    RequestMatch match();
}
