package dev.porthole.backend.connection;

import dev.porthole.backend.WebSocketResponses;
import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.TunnelStore;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

import java.util.Optional;

/**
 * {@code $disconnect}: forgets the connection. When an agent leaves, its tunnel goes offline (keeping its
 * ID). Requests still waiting for that agent learn it themselves (they ask API Gateway whether the agent is still
 * connected), so this does a bounded amount of work whatever the number of execution environments. API Gateway
 * delivers this event on a best-effort basis; the claim rules and {@code GoneException} handling cover the cases
 * where it never comes.
 */
public final class DisconnectHandler {
    private static final System.Logger LOG = System.getLogger(DisconnectHandler.class.getName());

    private final TunnelStore store;

    public DisconnectHandler(TunnelStore store) {
        this.store = store;
    }

    public APIGatewayV2WebSocketResponse disconnect(String connectionId, int statusCode, String reason) {
        Optional<ConnectionRecord> agent = store.removeConnection(connectionId);
        if (agent.isEmpty()) {
            return WebSocketResponses.status(200);
        }
        String tunnelId = agent.get().tunnelId();
        boolean wasOwner = store.release(tunnelId, connectionId);
        LOG.log(System.Logger.Level.INFO, "a connection of tunnel {0} closed ({1} {2}){3}", tunnelId,
            String.valueOf(statusCode), reason, wasOwner ? "; the tunnel is offline" : "; the tunnel had moved to a newer connection");
        return WebSocketResponses.status(200);
    }
}
