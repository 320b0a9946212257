package dev.porthole.local.gateway;

import dev.porthole.local.lambda.LambdaRuntime;
import dev.porthole.local.wiring.BackendWiring;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import dev.porthole.local.testing.TestHooks;

/**
 * API Gateway on one port: the WebSocket API under {@code /_porthole/ws/<stage>}, its Management API under
 * {@code /_porthole/ws/<stage>/@connections}, and the public HTTP API everywhere else. The port is bound by
 * {@link #bind} before anything else starts, so the URLs the function is configured with are known first.
 */
public final class Gateway implements AutoCloseable {
    public static final String WEBSOCKET_PREFIX = "/_porthole/ws/";

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private WebSocketApi webSocketApi;

    private Gateway(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Binds the port (0 = any free one); throws {@link IOException} if it is taken. */
    public static Gateway bind(String host, int port) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gateway");
        // public requests wait up to 30 s on their agent: virtual threads make that cheap
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // API Gateway accepts encoded slashes and the like in paths; so must we, to decode them as it does
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setRequestHeaderSize(16 * 1024);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        connector.open();
        return new Gateway(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public static String stagePath(String stage) {
        return WEBSOCKET_PREFIX + stage;
    }

    /** Starts serving, with the function the template describes. */
    public void start(BackendWiring wiring, LambdaRuntime lambda, String domainName, Duration integrationTimeout,
                      Duration idleTimeout, Duration maxAge, Consumer<TestHooks.ManagementCall> managementCalls) throws Exception {
        String stagePath = stagePath(wiring.stageName());
        webSocketApi = new WebSocketApi(new ApiGatewayEvents.Api("localwsapi", wiring.stageName(), domainName),
            new RouteSelection(wiring.routeSelectionExpression(), wiring.webSocketRouteKeys()), lambda, registry,
            integrationTimeout, idleTimeout, maxAge);
        ManagementApi management = new ManagementApi(stagePath, registry, managementCalls);
        HttpApi httpApi = new HttpApi(new ApiGatewayEvents.Api("localhttpapi", "$default", domainName),
            wiring.httpPayloadFormatVersion(), lambda, integrationTimeout);
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> webSocketApi.install(container, stagePath));
        upgrades.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath().replace("%40", "@");
                if (management.handles(path)) {
                    return management.handle(request, response, callback);
                }
                if (path.startsWith(WEBSOCKET_PREFIX)) {
                    JsonResponses.message(response, callback, path.equals(stagePath) ? 426 : 404,
                        path.equals(stagePath) ? "Upgrade Required" : "Not Found");
                    return true;
                }
                return httpApi.handle(request, response, callback);
            }
        });
        server.setHandler(upgrades);
        server.start();
    }

    public java.util.Set<String> openConnections() {
        return registry.all().stream().filter(WebSocketConnection::isOpen).map(WebSocketConnection::id)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Drops a connection without a close handshake (a test fault: a lost network, a killed agent). */
    public void drop(String connectionId) {
        registry.get(connectionId).ifPresent(WebSocketConnection::drop);
    }

    /**
     * Closes every connection with 1001 first, as a server going away does, so each gets its
     * {@code $disconnect} and tunnels are left offline rather than owned by connections that no longer exist.
     */
    @Override
    public void close() throws Exception {
        for (WebSocketConnection connection : registry.all()) {
            connection.close(1001, "Going away");
        }
        long deadline = System.currentTimeMillis() + 3_000;
        while (!registry.all().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        if (webSocketApi != null) {
            webSocketApi.close();
        }
        server.stop();
    }
}
