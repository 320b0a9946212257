package dev.porthole.desktop.testing;

import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.Ready;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket server (Jetty 12) speaking the agent protocol as a backend deployed before password protection and
 * catching did: it accepts the agent's token and answers {@code ready} with an {@code established} that confirms
 * neither, whatever the agent asked for. Only the handshake: no requests travel through it.
 */
public final class OlderBackend implements AutoCloseable {
    private static final String PATH = "/_porthole/ws/local";

    private final String token;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicInteger connections = new AtomicInteger();
    /** The headers of every upgrade it accepted, lower-case names. */
    public final List<java.util.Map<String, String>> upgrades = new CopyOnWriteArrayList<>();

    public OlderBackend(String token) throws Exception {
        this.token = token;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(Limits.MAX_RECEIVED_MESSAGE_BYTES);
            container.addMapping(PATH, this::upgrade);
        }));
        server.setHandler(context);
        server.start();
    }

    public URI websocketUrl() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + PATH);
    }

    public URI publicUrl() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        if (!("Bearer " + token).equals(request.getHeaders().get(Handshake.AUTHORIZATION_HEADER))) {
            Response.writeError(request, response, callback, 401);
            return null;
        }
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        request.getHeaders().forEach(f -> headers.put(f.getLowerCaseName(), f.getValue()));
        upgrades.add(headers);
        String requested = headers.get(Handshake.TUNNEL_ID_HEADER.toLowerCase(java.util.Locale.ROOT));
        String tunnelId = requested != null ? requested : "old" + connections.incrementAndGet() + "tunnel";
        return new OldHandshake(tunnelId, "c" + connections.incrementAndGet(), publicUrl() + tunnelId + "/");
    }

    /** Public: Jetty calls the listener's methods through method handles. */
    public static final class OldHandshake implements Session.Listener.AutoDemanding {
        private final String tunnelId;
        private final String connectionId;
        private final String url;
        private Session session;

        OldHandshake(String tunnelId, String connectionId, String url) {
            this.tunnelId = tunnelId;
            this.connectionId = connectionId;
            this.url = url;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                if (MessageCodec.decode(text) instanceof Ready ready) {
                    // the shape every backend sent before established carried its two confirmations
                    session.sendText(MessageCodec.encode(Established.open(tunnelId, url, connectionId, "resume",
                            ready.protocol(), Limits.DEFAULT_MAX_BODY_BYTES, new dev.porthole.protocol.AnswerRoute(
                                    "http://127.0.0.1:1/_porthole/relay/local", "us-east-1", "ASIAOLDER", "secret", "session",
                                    java.time.Instant.now().plusSeconds(3600).getEpochSecond()))), Callback.NOOP);
                }
            } catch (ProtocolException e) {
                session.close();
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
