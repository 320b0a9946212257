package dev.porthole.backend.store;

import java.time.Instant;

/**
 * An agent's connection and the tunnel it holds. Relay connections have no record, only a registry entry.
 *
 * @param catchesWhileOffline whether the tunnel keeps requests while offline, so {@code ready} knows to deliver them
 */
public record ConnectionRecord(String connectionId, String tunnelId, Instant connectedAt, boolean catchesWhileOffline) {
}
