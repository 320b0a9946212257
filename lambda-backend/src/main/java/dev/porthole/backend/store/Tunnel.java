package dev.porthole.backend.store;

import java.util.Optional;

/**
 * A tunnel ID and, while its agent is connected, that agent's connection. An offline tunnel keeps its
 * record (and so its ID and URL) for a while, so the agent gets the same URL when it comes back.
 *
 * @param access the digest of the user and password callers must present ({@link dev.porthole.protocol.BasicAuth}),
 *               empty for an open URL
 */
public record Tunnel(String id, Optional<String> connectionId, Optional<String> access) {
    public boolean online() {
        return connectionId.isPresent();
    }
}
