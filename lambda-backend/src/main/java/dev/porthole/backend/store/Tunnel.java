package dev.porthole.backend.store;

import java.util.Optional;

/**
 * A tunnel ID and, while its agent is connected, that agent's connection. An offline tunnel keeps its
 * record (and so its ID, URL and policy) for a while, so the agent gets the same URL when it comes back.
 */
public record Tunnel(String id, Optional<String> connectionId, TunnelPolicy policy) {
    public boolean online() {
        return connectionId.isPresent();
    }
}
