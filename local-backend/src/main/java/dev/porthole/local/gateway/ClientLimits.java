package dev.porthole.local.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway allows a caller's TCP connection, so slow or greedy clients cannot hold it open for nothing.
 * API Gateway documents none of these figures; they are the local backend's own, chosen the way web servers choose
 * theirs (nginx's {@code client_header_timeout}, {@code client_body_timeout} and {@code limit_conn}).
 *
 * @param headerTimeout        a request's headers must be complete this long after its first byte (or after the
 *                             connection opened); otherwise the connection is closed
 * @param bodyTimeout          the longest a request body may pause between bytes; then the caller gets 408
 * @param connectionsPerSource how many connections one IP address may hold at once; more are closed as they
 *                             arrive. Agents, relays and the function's own calls share this computer's address,
 *                             so the default leaves room for hundreds of tunnels
 */
public record ClientLimits(Duration headerTimeout, Duration bodyTimeout, int connectionsPerSource) {
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_CONNECTIONS_PER_SOURCE = 2048;

    public ClientLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("client timeouts must be positive");
        }
        if (connectionsPerSource < 1) {
            throw new IllegalArgumentException("connections per source must be at least 1, got " + connectionsPerSource);
        }
    }

    public static ClientLimits defaults() {
        return new ClientLimits(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_CONNECTIONS_PER_SOURCE);
    }
}
