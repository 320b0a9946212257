package dev.porthole.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The agent's first message once the socket is open. API Gateway cannot deliver anything to a connection
 * while its {@code $connect} handler runs (a post answers 410 Gone), so the backend answers this
 * message with {@link Established} instead.
 *
 * @param protocol the protocol version the agent speaks; the backend refuses versions it does not know
 *                 with an {@link ErrorMessage} of code {@link ErrorCode#UNSUPPORTED_PROTOCOL}
 * @param agent    a product token such as {@code porthole-agent/0.1.0}, for diagnostics
 * @param policy   the tunnel's traffic rules in their JSON form ({@code dev.porthole.policy.PolicyJson}, webhook
 *                 secrets included), or null for none. An agent that sends rules announces them in the handshake
 *                 ({@link Handshake#POLICY_HEADER}), so that the backend forwards nothing to it until they are in force
 */
public record Ready(int protocol, String agent, JsonNode policy) implements Message {

    /** An agent without traffic rules. */
    public Ready(int protocol, String agent) {
        this(protocol, agent, null);
    }

    /** Never the rules themselves: they carry webhook secrets, and a message may end up in a log. */
    @Override
    public String toString() {
        return "Ready[protocol=" + protocol + ", agent=" + agent + ", policy=" + (policy == null ? "none" : "(not shown)") + "]";
    }
}
