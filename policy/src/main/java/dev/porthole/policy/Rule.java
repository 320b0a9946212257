package dev.porthole.policy;

/**
 * One rule of a {@link TrafficPolicy}. Request rules ({@link RequestRule}) run in order on each public request; a
 * {@link FallbackResponse} is not run per request but chosen when the tunnel or its local service is unavailable.
 */
public sealed interface Rule permits RequestRule, FallbackResponse {
    /** The rule's kind as policies name it: {@code restrict-ips}, {@code verify-webhook}… */
    String kind();

    /** A short description for people: "allow 10.0.0.0/8; deny 10.0.0.13/32". Never shows a secret. */
    String describe();
}
