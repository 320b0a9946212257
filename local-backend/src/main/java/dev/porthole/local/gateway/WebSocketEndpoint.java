package dev.porthole.local.gateway;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;

/** The server side of one WebSocket API connection. Public because Jetty calls it through method handles. */
public final class WebSocketEndpoint implements Session.Listener.AutoDemanding {
    private static final System.Logger LOG = System.getLogger(WebSocketEndpoint.class.getName());

    private final WebSocketApi api;
    private final WebSocketConnection connection;
    private volatile Session session;

    WebSocketEndpoint(WebSocketApi api, WebSocketConnection connection) {
        this.api = api;
        this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session openSession) {
        this.session = openSession;
        connection.opened(openSession);
    }

    @Override
    public void onWebSocketText(String message) {
        api.onMessage(connection, message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        // API Gateway does not accept binary frames from clients
        session.close(1003, "Binary frames are not supported", Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        api.onClose(connection, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection {0}: {1}", connection.id(), cause.toString());
    }
}
