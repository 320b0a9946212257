package dev.porthole.protocol;

/**
 * The agent's first message once the socket is open. API Gateway cannot deliver anything to a connection
 * while its {@code $connect} handler runs (a post answers 410 Gone), so the backend answers this
 * message with {@link Established} instead.
 *
 * @param protocol the protocol version the agent speaks; the backend refuses versions it does not know
 *                 with an {@link ErrorMessage} of code {@link ErrorCode#UNSUPPORTED_PROTOCOL}
 * @param agent    a product token such as {@code porthole-agent/0.1.0}, for diagnostics
 */
public record Ready(int protocol, String agent) implements Message {
}
