package dev.porthole.backend.store;

import java.util.List;
import java.util.Optional;

/**
 * The backend's state: tunnels, their agents' connections, and requests kept for offline tunnels. Every read is strongly consistent and ignores
 * records whose time to live has passed (TTL deletion can lag by days); every write that can race with
 * another is conditional.
 */
public interface TunnelStore {

    /**
     * Makes {@code connectionId} the owner of {@code tunnelId} if nobody holds it: the ID is new, offline,
     * or its record has expired. The tunnel stays closed to public requests until {@link #open}.
     *
     * @param policy the new owner's policy for the public URL, replacing any earlier one
     * @return false if another connection holds it
     */
    boolean claim(String tunnelId, String connectionId, TunnelPolicy policy);

    /**
     * Moves {@code tunnelId} from {@code fromConnectionId}, whose agent is gone, to {@code toConnectionId}, closed to public
     * requests until {@link #open}; false if {@code from} no longer owns it.
     */
    boolean takeOver(String tunnelId, String fromConnectionId, String toConnectionId, TunnelPolicy policy);

    /**
     * Starts a planned reconnect: {@code toConnectionId} will take the tunnel at its {@link #open}, and until then public
     * requests still go to {@code fromConnectionId}, which the agent keeps serving. False if {@code from} no longer owns it.
     */
    boolean handOver(String tunnelId, String fromConnectionId, String toConnectionId);

    /**
     * Opens the tunnel to public requests on {@code connectionId} with {@code policy} (its rules included) in force,
     * ending {@link TunnelPolicy#rulesPending()}: when its agent's {@code ready} comes, if that connection still owns the
     * tunnel or is the one a {@link #handOver} is moving it to. False otherwise (another agent took it meanwhile).
     */
    boolean open(String tunnelId, String connectionId, TunnelPolicy policy);

    /** Marks the tunnel offline, keeping its ID reserved; only if {@code connectionId} still owns it. */
    boolean release(String tunnelId, String connectionId);

    Optional<Tunnel> tunnel(String tunnelId);

    void putConnection(ConnectionRecord connection);

    Optional<ConnectionRecord> connection(String connectionId);

    /** Removes an agent connection's record and returns what it was; empty for unknown IDs. */
    Optional<ConnectionRecord> removeConnection(String connectionId);

    /** What {@link #keep} did with a request. */
    enum Kept { KEPT, FULL, NOT_CATCHING }

    /**
     * Keeps a request for an offline tunnel that catches them, at most {@code limit} at a time.
     *
     * @param request the encoded request message, body included
     */
    Kept keep(String tunnelId, String key, String request, int limit);

    /** The kept requests of a tunnel, oldest first. */
    List<CaughtRequest> caught(String tunnelId);

    /** Forgets a kept request once the agent has answered it; false if it was already gone. */
    boolean forgetCaught(String tunnelId, String key);
}
