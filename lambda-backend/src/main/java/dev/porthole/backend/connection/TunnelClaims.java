package dev.porthole.backend.connection;

import dev.porthole.backend.auth.Keys;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.store.Tunnel;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;

import java.util.Optional;

/**
 * Decides which tunnel a connecting agent gets. One live owner per ID, enforced by conditional writes;
 * the rules for a requested ID:
 * <ul>
 *   <li>free (new, offline or expired) — the agent gets it;</li>
 *   <li>owned, and the agent shows the owner connection's resume token — a planned reconnect by the same
 *       agent: the tunnel moves to the new connection while the old one finishes its requests;</li>
 *   <li>owned by a connection API Gateway says is gone (its {@code $disconnect} was lost or is late) —
 *       the agent takes it over, so a restarted agent keeps its URL;</li>
 *   <li>owned by a live connection — taken.</li>
 * </ul>
 */
public final class TunnelClaims {

    public sealed interface Outcome {
        record Claimed(String tunnelId) implements Outcome {
        }

        record Invalid(String tunnelId) implements Outcome {
        }

        record Taken(String tunnelId) implements Outcome {
        }
    }

    private final TunnelStore store;
    private final Connections connections;
    private final Keys keys;

    public TunnelClaims(TunnelStore store, Connections connections, Keys keys) {
        this.store = store;
        this.connections = connections;
        this.keys = keys;
    }

    /** @param policy what the agent asks for its public URL */
    public Outcome claim(Optional<String> requestedId, String connectionId, Optional<String> resumeToken, TunnelPolicy policy) {
        if (requestedId.isEmpty()) {
            return claimRandom(connectionId, policy);
        }
        String id = requestedId.get();
        if (!TunnelIds.isValid(id)) {
            return new Outcome.Invalid(id);
        }
        // two tries: the owner may release the ID between our failed claim and our read
        for (int attempt = 0; attempt < 2; attempt++) {
            if (store.claim(id, connectionId, policy)) {
                return new Outcome.Claimed(id);
            }
            Optional<Tunnel> existing = store.tunnel(id);
            Optional<String> owner = existing.flatMap(Tunnel::connectionId);
            if (owner.isEmpty()) {
                continue;
            }
            String current = owner.get();
            if (current.equals(connectionId)) {
                return new Outcome.Claimed(id);
            }
            if (resumeToken.isPresent() && keys.verify(Keys.Purpose.RESUME, resumeToken.get(), id, current)) {
                // the same agent moving to a fresh connection: the one it leaves keeps serving until this one's ready
                return store.handOver(id, current, connectionId) ? new Outcome.Claimed(id) : new Outcome.Taken(id);
            }
            if (!connections.isOpen(current)) {
                return store.takeOver(id, current, connectionId, policy) ? new Outcome.Claimed(id) : new Outcome.Taken(id);
            }
            return new Outcome.Taken(id);
        }
        return new Outcome.Taken(id);
    }

    /** The token that lets the agent on {@code connectionId} hand {@code tunnelId} to its next connection. */
    public String resumeToken(String tunnelId, String connectionId) {
        return keys.mac(Keys.Purpose.RESUME, tunnelId, connectionId);
    }

    private Outcome claimRandom(String connectionId, TunnelPolicy policy) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = TunnelIds.random();
            if (store.claim(id, connectionId, policy)) {
                return new Outcome.Claimed(id);
            }
        }
        throw new IllegalStateException("five random tunnel IDs in a row were taken; the random generator is broken");
    }
}
