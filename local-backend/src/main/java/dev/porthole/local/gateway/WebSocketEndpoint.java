package dev.porthole.local.gateway;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;

/**
 * The server side of one WebSocket API connection. Public because Jetty calls it through method handles.
 *
 * <p>Each message is handled on a virtual thread of its own, and the next is read only when it is done: a client
 * sending thousands of messages is then read at the pace its messages are handled — its own TCP buffers fill, not
 * the gateway's memory — and never keeps the thread that reads every other connection busy.
 */
public final class WebSocketEndpoint implements Session.Listener {
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
        openSession.demand();
    }

    @Override
    public void onWebSocketText(String message) {
        Thread.ofVirtual().name("websocket-message").start(() -> {
            try {
                api.onMessage(connection, message);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a message on connection " + connection.id() + " could not be handled", e);
            } finally {
                session.demand();
            }
        });
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        // API Gateway does not accept binary frames from clients
        session.close(1003, "Binary frames are not supported", Callback.NOOP);
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.demand(); // Jetty answers it with a pong
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        session.demand();
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
