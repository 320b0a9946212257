package dev.porthole.backend.connection;

import dev.porthole.backend.WebSocketResponses;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.protocol.ConnectionGone;
import dev.porthole.protocol.MessageCodec;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

import java.util.Optional;

/**
 * {@code $disconnect}: forgets the connection. When an agent leaves, its tunnel goes offline (keeping its
 * ID) and every relay is told, so public requests waiting for that agent fail at once with 502 rather
 * than at their deadline. API Gateway delivers this event on a best-effort basis; the claim rules and
 * {@code GoneException} handling cover the cases where it never comes.
 */
public final class DisconnectHandler {
    private static final System.Logger LOG = System.getLogger(DisconnectHandler.class.getName());

    private final TunnelStore store;
    private final Connections connections;

    public DisconnectHandler(TunnelStore store, Connections connections) {
        this.store = store;
        this.connections = connections;
    }

    public APIGatewayV2WebSocketResponse disconnect(String connectionId, int statusCode, String reason) {
        Optional<ConnectionRecord> agent = store.removeConnection(connectionId);
        if (agent.isEmpty()) {
            store.unregisterRelay(connectionId);
            return WebSocketResponses.status(200);
        }
        String tunnelId = agent.get().tunnelId();
        boolean wasOwner = store.release(tunnelId, connectionId);
        LOG.log(System.Logger.Level.INFO, "connection {0} of tunnel {1} closed ({2} {3}){4}", connectionId, tunnelId,
            String.valueOf(statusCode), reason, wasOwner ? "; the tunnel is offline" : "; the tunnel had moved to a newer connection");
        String gone = MessageCodec.encode(new ConnectionGone(connectionId));
        for (String relay : store.relays()) {
            try {
                if (!connections.post(relay, gone)) {
                    store.unregisterRelay(relay);
                }
            } catch (RuntimeException e) {
                // one unreachable relay must not keep the others waiting until their deadline
                LOG.log(System.Logger.Level.WARNING, "could not tell relay " + relay + " that " + connectionId + " left", e);
            }
        }
        return WebSocketResponses.status(200);
    }
}
