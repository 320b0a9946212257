package dev.porthole.local.gateway;

import dev.porthole.local.lambda.LambdaRuntime;
import dev.porthole.local.quota.Quotas;
import dev.porthole.local.sdkhttp.InProcessEndpoint;
import dev.porthole.local.sdkhttp.InProcessEndpoints;
import dev.porthole.local.testing.TestHooks;
import dev.porthole.local.wiring.BackendWiring;
import dev.porthole.local.wiring.WebSocketApiWiring;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * API Gateway on one port: each WebSocket API of the template under {@code /_porthole/<api>/<stage>} (the agents'
 * API is {@code ws}, the relays' {@code relay}), each one's Management API under {@code …/@connections}, and the
 * public HTTP API everywhere else.
 * The port is bound by {@link #bind} before anything else starts, so the URLs the function is configured with are
 * known first.
 *
 * <p>It follows the function's execution environments ({@link LambdaRuntime.EnvironmentListener}): the connections
 * an environment opened are held while it is frozen, and severed when it is reclaimed abruptly.
 */
public final class Gateway implements AutoCloseable, LambdaRuntime.EnvironmentListener {
    public static final String PATH_PREFIX = "/_porthole/";

    private final Server server;
    private final GuardedConnector connector;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final List<WebSocketApi> webSocketApis = new ArrayList<>();
    private final List<ManagementApi> managementApis = new ArrayList<>();
    private final List<InProcessEndpoints.Registration> inProcess = new ArrayList<>();
    private final ScheduledExecutorService limits = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "websocket-limits");
        t.setDaemon(true);
        return t;
    });

    private Gateway(Server server, GuardedConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Binds the port (0 = any free one); throws {@link IOException} if it is taken. */
    public static Gateway bind(String host, int port, ClientLimits clientLimits) throws IOException {
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
        // API Gateway sends one Date; where the function's response carries one, that one (HttpApi adds it otherwise)
        http.setSendDateHeader(false);
        GuardedConnector connector = new GuardedConnector(server, clientLimits, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        // a burst of callers and of new environments' relays connects at once; the JDK's default backlog is 50
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setErrorHandler(new ApiGatewayErrors());
        connector.open();
        return new Gateway(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The path a WebSocket API of the template is served at: {@code /_porthole/ws/<stage>} for the agents' API. */
    public static String stagePath(String apiLogicalId, String stage) {
        String name = apiLogicalId.equals(BackendWiring.AGENT_API) ? "ws"
            : apiLogicalId.replaceFirst("Api$", "").toLowerCase(java.util.Locale.ROOT);
        return PATH_PREFIX + name + "/" + stage;
    }

    /** What the gateway needs besides the template. */
    public record Settings(String domainName, Duration integrationTimeout, Duration idleTimeout, Duration maxAge, Quotas quotas,
                           TestHooks.ManagementCalls managementCalls, IamAuthorizer authorizer) {
    }

    /** Starts serving, with the function the template describes. */
    public void start(BackendWiring wiring, LambdaRuntime lambda, Settings settings, String accountId, String region) throws Exception {
        IamAuthorizer authorizer = settings.authorizer();
        Map<String, WebSocketApi> byPath = new LinkedHashMap<>();
        for (WebSocketApiWiring apiWiring : wiring.webSocketApis()) {
            String arnPrefix = "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiWiring.apiId();
            WebSocketApi api = new WebSocketApi(apiWiring, settings.domainName(), lambda, registry, settings.integrationTimeout(),
                settings.quotas(), authorizer, arnPrefix);
            String path = stagePath(apiWiring.logicalId(), apiWiring.stage());
            webSocketApis.add(api);
            byPath.put(path, api);
            managementApis.add(new ManagementApi(api, path, arnPrefix, registry, authorizer, settings.quotas(), settings.managementCalls()));
        }
        // what is under an API's path belongs to API Gateway; everything else (even /_porthole/health) to the function
        List<String> apiPaths = byPath.keySet().stream().map(p -> p.substring(0, p.lastIndexOf('/') + 1)).distinct().toList();
        HttpApi httpApi = new HttpApi(new ApiGatewayEvents.Api(wiring.httpApi().apiId(), "$default", settings.domainName()),
            wiring.httpApi(), lambda, settings.integrationTimeout(), settings.quotas());
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container ->
            byPath.forEach((path, api) -> api.install(container, path, settings.maxAge())));
        upgrades.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // every answer carries one Date; a function's response that has its own replaces it
                response.getHeaders().put(HttpHeader.DATE, DateGenerator.formatDate(System.currentTimeMillis()));
                String path = request.getHttpURI().getPath().replace("%40", "@");
                for (ManagementApi management : managementApis) {
                    if (management.handles(path)) {
                        return management.handle(request, response, callback);
                    }
                }
                if (apiPaths.stream().anyMatch(path::startsWith)) {
                    boolean api = byPath.containsKey(path);
                    JsonResponses.message(response, callback, api ? 426 : 404, api ? "Upgrade Required" : "Not Found");
                    return true;
                }
                return httpApi.handle(request, response, callback);
            }
        });
        server.setHandler(upgrades);
        server.start();
        connector.startSweeping(limits);
        long checkEvery = Math.max(50, Math.min(1000, Math.min(settings.idleTimeout().toMillis(), settings.maxAge().toMillis()) / 10));
        limits.scheduleAtFixedRate(() -> enforceLimits(settings.idleTimeout(), settings.maxAge()), checkEvery, checkEvery, TimeUnit.MILLISECONDS);
        lambda.addEnvironmentListener(this);
    }

    /**
     * Lets the function reach the Management APIs at {@code authority} (the {@code host:port} of the URLs it is
     * given) in process: its SDK calls are answered by the same {@link ManagementApi#answer} as over HTTP — the
     * signature, the IAM policy, the quotas, the error types — without a socket or a thread of the gateway's. Only
     * the transport differs: no HTTP connection, so the client limits on connections do not apply to these calls.
     */
    public void serveInProcess(String authority) {
        inProcess.add(InProcessEndpoints.register(authority, request -> {
            String path = request.rawPath().replace("%40", "@");
            for (ManagementApi management : managementApis) {
                if (management.handles(path)) {
                    ManagementApi.Answer answer = management.answer(request, true);
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    headers.put("Date", List.of(DateGenerator.formatDate(System.currentTimeMillis())));
                    answer.errorType().ifPresent(type -> headers.put("x-amzn-ErrorType", List.of(type)));
                    answer.json().ifPresent(json -> headers.put("Content-Type", List.of("application/json")));
                    return Optional.of(new InProcessEndpoint.Answer(answer.status(), headers,
                        answer.json().map(json -> json.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0])));
                }
            }
            return Optional.empty();
        }));
    }

    private void enforceLimits(Duration idleTimeout, Duration maxAge) {
        Instant now = Instant.now();
        for (WebSocketConnection connection : registry.all()) {
            if (!connection.isOpen()) {
                continue;
            }
            boolean idle = Duration.between(connection.lastActiveAt(), now).compareTo(idleTimeout) >= 0;
            boolean old = Duration.between(connection.connectedAt(), now).compareTo(maxAge) >= 0;
            if (idle || old) {
                apiOf(connection).closeFromGateway(connection, 1001, "Going away");
            }
        }
    }

    private WebSocketApi apiOf(WebSocketConnection connection) {
        return webSocketApis.stream().filter(api -> api.wiring().apiId().equals(connection.apiId())).findFirst().orElseThrow();
    }

    @Override
    public void frozen(String environmentId) {
        registry.ownedBy(environmentId).forEach(WebSocketConnection::freeze);
    }

    @Override
    public void thawed(String environmentId) {
        registry.ownedBy(environmentId).forEach(WebSocketConnection::thaw);
    }

    @Override
    public void ended(String environmentId, boolean abrupt) {
        if (abrupt) {
            registry.ownedBy(environmentId).forEach(WebSocketConnection::sever);
        }
    }

    public Set<String> openConnections() {
        return registry.all().stream().filter(WebSocketConnection::isOpen).map(WebSocketConnection::id)
            .collect(Collectors.toUnmodifiableSet());
    }

    /** Drops a connection without a close handshake (a test fault: a lost network, a killed agent). */
    public void drop(String connectionId) {
        registry.get(connectionId).ifPresent(WebSocketConnection::drop);
    }

    /**
     * API Gateway silently loses a connection: it answers posts with 410 from now on, but the client is told
     * nothing — no close frame, no TCP end (a test fault: a half-open relay).
     */
    public void forget(String connectionId) {
        registry.get(connectionId).ifPresent(c -> {
            c.sever();
            registry.remove(connectionId);
        });
    }

    /** How many connections the WebSocket API with this logical ID has accepted (relays opened, for the relay API). */
    public long acceptedConnections(String apiLogicalId) {
        return webSocketApis.stream().filter(api -> api.wiring().logicalId().equals(apiLogicalId))
            .mapToLong(WebSocketApi::acceptedConnections).sum();
    }

    /** Messages held for a connection while the environment that opened it is frozen. */
    public int heldMessages(String connectionId) {
        return registry.get(connectionId).map(WebSocketConnection::heldMessages).orElse(0);
    }

    /** The connections an execution environment opened, by ID (its relay, normally one). */
    public List<String> connectionsOf(String environmentId) {
        return registry.ownedBy(environmentId).stream().map(WebSocketConnection::id).toList();
    }

    /**
     * Closes every connection with 1001 first, as a server going away does, so each gets its
     * {@code $disconnect} and tunnels are left offline rather than owned by connections that no longer exist.
     */
    @Override
    public void close() throws Exception {
        inProcess.forEach(InProcessEndpoints.Registration::close);
        limits.shutdownNow();
        for (WebSocketConnection connection : registry.all()) {
            connection.thaw();
            connection.close(1001, "Going away");
        }
        long deadline = System.currentTimeMillis() + 1_000;
        while (!registry.all().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        server.stop();
    }
}
