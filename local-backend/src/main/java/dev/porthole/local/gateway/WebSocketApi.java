package dev.porthole.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porthole.local.lambda.LambdaRuntime;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket API: {@code $connect} runs while the upgrade waits and its status is the handshake's answer;
 * each text message invokes its route; a closed connection invokes {@code $disconnect}. API Gateway's
 * limits hold: 32 KB frames and 128 KB messages (close 1009), no binary frames (close 1003), and the idle
 * and maximum-age limits (close 1001).
 */
public final class WebSocketApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebSocketApi.class.getName());
    public static final int MAX_FRAME_BYTES = 32 * 1024;
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;

    private final ApiGatewayEvents.Api api;
    private final RouteSelection routes;
    private final LambdaRuntime lambda;
    private final ConnectionRegistry registry;
    private final Duration integrationTimeout;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final ScheduledExecutorService limits = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "websocket-limits");
        t.setDaemon(true);
        return t;
    });

    WebSocketApi(ApiGatewayEvents.Api api, RouteSelection routes, LambdaRuntime lambda, ConnectionRegistry registry,
                 Duration integrationTimeout, Duration idleTimeout, Duration maxAge) {
        this.api = api;
        this.routes = routes;
        this.lambda = lambda;
        this.registry = registry;
        this.integrationTimeout = integrationTimeout;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        long checkEvery = Math.max(50, Math.min(1000, Math.min(idleTimeout.toMillis(), maxAge.toMillis()) / 10));
        limits.scheduleAtFixedRate(this::enforceLimits, checkEvery, checkEvery, TimeUnit.MILLISECONDS);
    }

    void install(ServerWebSocketContainer container, String path) {
        container.setMaxFrameSize(MAX_FRAME_BYTES);
        container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        container.setAutoFragment(false);
        // API Gateway's own idle limit is enforced below, with its close code; Jetty's must not fire first
        container.setIdleTimeout(maxAge.plusMinutes(1));
        container.addMapping(path, this::connect);
    }

    private Object connect(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        Instant now = Instant.now();
        String userAgent = request.getHeaders().get("User-Agent");
        WebSocketConnection connection = new WebSocketConnection(ConnectionIds.next(), now, Request.getRemoteAddr(request), userAgent);
        registry.add(connection);
        ObjectNode event = ApiGatewayEvents.connect(api, connection.id(), now, headers(request),
            QueryStrings.parse(request.getHttpURI().getQuery()), connection.sourceIp(), userAgent, requestId());
        int status;
        JsonNode result;
        try {
            result = ApiGatewayEvents.JSON.readTree(lambda.invoke(ApiGatewayEvents.JSON.writeValueAsBytes(event))
                .get(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS));
            status = result.path("statusCode").asInt(200);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "$connect failed: {0}", e.toString());
            registry.remove(connection.id());
            Response.writeError(request, response, callback, 500, "Internal server error");
            return null;
        }
        if (status < 200 || status > 299) {
            registry.remove(connection.id());
            response.setStatus(status);
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(("{\"message\":\"Forbidden\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8)), callback);
            return null;
        }
        result.path("headers").properties().forEach(h -> response.getHeaders().put(h.getKey(), h.getValue().asText()));
        return new WebSocketEndpoint(this, connection);
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        String forwardedFor = Request.getRemoteAddr(request);
        headers.putIfAbsent("X-Forwarded-For", List.of(forwardedFor));
        headers.putIfAbsent("X-Forwarded-Port", List.of(Integer.toString(Request.getLocalPort(request))));
        headers.putIfAbsent("X-Forwarded-Proto", List.of(request.isSecure() ? "https" : "http"));
        headers.putIfAbsent("X-Amzn-Trace-Id", List.of("Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24)));
        return headers;
    }

    private void enforceLimits() {
        Instant now = Instant.now();
        for (WebSocketConnection connection : registry.all()) {
            if (!connection.isOpen()) {
                continue;
            }
            boolean idle = Duration.between(connection.lastActiveAt(), now).compareTo(idleTimeout) >= 0;
            boolean old = Duration.between(connection.connectedAt(), now).compareTo(maxAge) >= 0;
            if (idle || old) {
                connection.close(1001, "Going away");
            }
        }
    }

    void onMessage(WebSocketConnection connection, String message) {
        connection.touch();
        String requestId = requestId();
        String messageId = UUID.randomUUID().toString().replace("-", "").substring(0, 15) + "=";
        invokeAsync(ApiGatewayEvents.message(api, routes.select(message), connection.id(), connection.connectedAt(),
            connection.sourceIp(), messageId, requestId, message), connection, requestId);
    }

    void onClose(WebSocketConnection connection, int statusCode, String reason) {
        registry.remove(connection.id());
        invokeAsync(ApiGatewayEvents.disconnect(api, connection.id(), connection.connectedAt(), connection.sourceIp(),
            connection.disconnectCode(statusCode), connection.disconnectReason(reason), requestId()), null, null);
    }

    private void invokeAsync(ObjectNode event, WebSocketConnection onErrorTellClient, String requestId) {
        try {
            lambda.invoke(ApiGatewayEvents.JSON.writeValueAsBytes(event)).whenComplete((out, error) -> {
                if (error != null && onErrorTellClient != null && onErrorTellClient.isOpen()) {
                    // what API Gateway sends when the integration fails on a one-way route
                    try {
                        onErrorTellClient.send("{\"message\": \"Internal server error\", \"connectionId\":\"" + onErrorTellClient.id()
                            + "\", \"requestId\":\"" + requestId + "\"}");
                    } catch (java.io.IOException e) {
                        LOG.log(System.Logger.Level.DEBUG, "could not report a failed invocation: {0}", e.toString());
                    }
                }
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode an event", e);
        }
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
    }

    @Override
    public void close() {
        limits.shutdownNow();
    }
}
