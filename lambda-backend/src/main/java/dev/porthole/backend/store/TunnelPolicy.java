package dev.porthole.backend.store;

import java.util.Optional;

/**
 * What a tunnel's agent asks of the backend for its public URL, set each time it connects.
 *
 * @param access            the digest callers' {@code Authorization: Basic} must match
 *                          ({@link dev.porthole.protocol.BasicAuth}); empty = open to anyone with the URL
 * @param catchWhileOffline keep requests that arrive while the agent is away, and deliver them when it is back
 */
public record TunnelPolicy(Optional<String> access, boolean catchWhileOffline) {
    public static final TunnelPolicy OPEN = new TunnelPolicy(Optional.empty(), false);
}
