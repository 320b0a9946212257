package dev.porthole.backend.store;

import java.util.List;
import java.util.Optional;

/**
 * The backend's state: tunnels, connections and relays. Every read is strongly consistent and ignores
 * records whose time to live has passed (TTL deletion can lag by days); every write that can race with
 * another is conditional.
 */
public interface TunnelStore {

    /**
     * Makes {@code connectionId} the owner of {@code tunnelId} if nobody holds it: the ID is new, offline,
     * or its record has expired.
     *
     * @param access the new owner's protection of the public URL, replacing any earlier one
     * @return false if another connection holds it
     */
    boolean claim(String tunnelId, String connectionId, Optional<String> access);

    /** Moves {@code tunnelId} from {@code fromConnectionId} to {@code toConnectionId}; false if {@code from} no longer owns it. */
    boolean takeOver(String tunnelId, String fromConnectionId, String toConnectionId, Optional<String> access);

    /** Marks the tunnel offline, keeping its ID reserved; only if {@code connectionId} still owns it. */
    boolean release(String tunnelId, String connectionId);

    Optional<Tunnel> tunnel(String tunnelId);

    void putConnection(ConnectionRecord connection);

    Optional<ConnectionRecord> connection(String connectionId);

    /** Removes an agent connection's record and returns what it was; empty for relays and unknown IDs. */
    Optional<ConnectionRecord> removeConnection(String connectionId);

    void registerRelay(String connectionId);

    void unregisterRelay(String connectionId);

    /** The relay connections currently registered. */
    List<String> relays();
}
