package dev.porthole.backend.store;

import java.time.Instant;

/**
 * An agent's connection and the tunnel it holds. Relay connections have no record, only a registry entry.
 *
 * @param policy what the agent asked for its tunnel when it connected, so {@code ready} can confirm it and
 *               deliver kept requests without reading the tunnel too
 */
public record ConnectionRecord(String connectionId, String tunnelId, Instant connectedAt, TunnelPolicy policy) {
}
