package dev.porthole.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.lambda.LambdaRuntime;
import dev.porthole.local.quota.Quotas;
import dev.porthole.local.wiring.RouteWiring;
import dev.porthole.local.wiring.WebSocketApiWiring;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket API of the template. {@code $connect} runs while the upgrade waits and its outcome is the
 * handshake's answer (an API without a {@code $connect} route accepts every connection; an {@code AWS_IAM} one checks
 * the SigV4-signed upgrade first); each text message goes to its route — the function (one-way: only a failure is
 * reported to the client) or a MOCK integration (two-way routes send the rendered response template back); a closed
 * connection invokes {@code $disconnect} if there is one. API Gateway's limits hold: 32 KB frames and 128 KB messages
 * (close 1009), no binary frames (close 1003), the idle and maximum-age limits (close 1001), and — when quotas are
 * on — new connections per second and the stage's throttle per route.
 */
public final class WebSocketApi {
    private static final System.Logger LOG = System.getLogger(WebSocketApi.class.getName());
    public static final int MAX_FRAME_BYTES = WebSocketConnection.MAX_FRAME_BYTES;
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;
    /** The query parameter the local backend adds to an environment's relay URL, naming the environment. */
    public static final String ENVIRONMENT_PARAMETER = "porthole-environment";

    private final WebSocketApiWiring wiring;
    private final ApiGatewayEvents.Api api;
    private final RouteSelection routes;
    private final LambdaRuntime lambda;
    private final ConnectionRegistry registry;
    private final Duration integrationTimeout;
    private final Quotas quotas;
    private final IamAuthorizer authorizer;
    private final String arnPrefix;
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();

    WebSocketApi(WebSocketApiWiring wiring, String domainName, LambdaRuntime lambda, ConnectionRegistry registry,
                 Duration integrationTimeout, Quotas quotas, IamAuthorizer authorizer, String arnPrefix) {
        this.wiring = wiring;
        this.api = new ApiGatewayEvents.Api(wiring.apiId(), wiring.stage(), domainName);
        this.routes = new RouteSelection(wiring.routeSelectionExpression(), wiring.routes().keySet());
        this.lambda = lambda;
        this.registry = registry;
        this.integrationTimeout = integrationTimeout;
        this.quotas = quotas;
        this.authorizer = authorizer;
        this.arnPrefix = arnPrefix;
        for (RouteWiring route : wiring.routes().values()) {
            if (route.integration() instanceof RouteWiring.Integration.Mock mock) {
                MappingTemplates.check(mock.requestTemplate());
                mock.responseTemplate().ifPresent(MappingTemplates::check);
            }
        }
    }

    WebSocketApiWiring wiring() {
        return wiring;
    }

    void install(ServerWebSocketContainer container, String path, Duration maxAge) {
        container.setMaxFrameSize(MAX_FRAME_BYTES);
        container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        container.setAutoFragment(false);
        // API Gateway's own idle limit is enforced by the gateway, with its close code; Jetty's must not fire first
        container.setIdleTimeout(maxAge.plusMinutes(1));
        container.addMapping(path, this::connect);
    }

    private Object connect(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        if (!quotas.newConnection()) {
            return refuse(response, callback, 429, "{\"message\":\"Too Many Requests\"}");
        }
        Instant now = Instant.now();
        String userAgent = request.getHeaders().get("User-Agent");
        Map<String, List<String>> query = QueryStrings.parse(request.getHttpURI().getQuery());
        Optional<String> environment = Optional.ofNullable(query.get(ENVIRONMENT_PARAMETER)).filter(v -> !v.isEmpty()).map(v -> v.get(0));
        WebSocketConnection connection = new WebSocketConnection(ConnectionIds.next(), wiring.apiId(), now,
            Request.getRemoteAddr(request), userAgent, environment);
        Optional<RouteWiring> route = wiring.route("$connect");
        if (route.isPresent()) {
            if (route.get().iamAuthorized()) {
                Optional<IamAuthorizer.Refusal> refusal = authorizer.authorize(SignedRequest.from(request, new byte[0]), "execute-api:Invoke",
                    arnPrefix + "/" + wiring.stage() + "/$connect");
                if (refusal.isPresent()) {
                    return refuse(response, callback, refusal.get().status(), refusal.get().body());
                }
            }
            if (!quotas.webSocketRouteRequest(wiring.apiId(), "$connect", wiring.throttle())) {
                return refuse(response, callback, 429, "{\"message\":\"Too Many Requests\"}");
            }
            registry.add(connection);
            int status;
            JsonNode result = null;
            switch (route.get().integration()) {
                case RouteWiring.Integration.Mock mock -> status = mockStatus(mock, connection, "$connect", "CONNECT", null);
                case RouteWiring.Integration.Lambda lambdaProxy -> {
                    ObjectNode event = ApiGatewayEvents.connect(api, connection.id(), now, headers(request), query,
                        connection.sourceIp(), userAgent, requestId());
                    try {
                        result = ApiGatewayEvents.JSON.readTree(lambda.invoke(ApiGatewayEvents.JSON.writeValueAsBytes(event))
                            .get(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS));
                        status = result.path("statusCode").asInt(200);
                    } catch (Exception e) {
                        // a throttled, failed or timed-out $connect: the handshake fails, the connection is never made
                        LOG.log(System.Logger.Level.DEBUG, "$connect failed: {0}", e.toString());
                        registry.remove(connection.id());
                        org.eclipse.jetty.server.Response.writeError(request, response, callback, 500, "Internal server error");
                        return null;
                    }
                }
            }
            if (status < 200 || status > 299) {
                registry.remove(connection.id());
                return refuse(response, callback, status, "{\"message\":\"Forbidden\",\"status\":" + status + "}");
            }
            if (result != null) {
                result.path("headers").properties().forEach(h -> response.getHeaders().put(h.getKey(), h.getValue().asText()));
            }
        } else {
            registry.add(connection);
        }
        accepted.incrementAndGet();
        return new WebSocketEndpoint(this, connection);
    }

    /** How many connections this API has accepted since it started. */
    long acceptedConnections() {
        return accepted.get();
    }

    private static Object refuse(ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return null;
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
        headers.putIfAbsent("X-Amzn-Trace-Id", List.of("Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 24)));
        return headers;
    }

    /** A MOCK integration's status: the one its request template renders (API Gateway selects the response by it). */
    private int mockStatus(RouteWiring.Integration.Mock mock, WebSocketConnection connection, String routeKey, String eventType, String messageId) {
        String rendered = MappingTemplates.render(mock.requestTemplate(), context(connection, routeKey, eventType, messageId));
        try {
            return ApiGatewayEvents.JSON.readTree(rendered).path("statusCode").asInt(200);
        } catch (java.io.IOException e) {
            return 500;
        }
    }

    private Map<String, String> context(WebSocketConnection connection, String routeKey, String eventType, String messageId) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("connectionId", connection.id());
        context.put("connectedAt", Long.toString(connection.connectedAt().toEpochMilli()));
        context.put("domainName", api.domainName());
        context.put("eventType", eventType);
        context.put("routeKey", routeKey);
        context.put("stage", api.stage());
        context.put("apiId", api.apiId());
        String requestId = requestId();
        context.put("requestId", requestId);
        context.put("extendedRequestId", requestId);
        if (messageId != null) {
            context.put("messageId", messageId);
        }
        return context;
    }

    void onMessage(WebSocketConnection connection, String message) {
        if (connection.isSevered()) {
            return; // a reclaimed environment's connection: nothing it "sends" reaches API Gateway
        }
        connection.touch();
        String requestId = requestId();
        String messageId = UUID.randomUUID().toString().replace("-", "").substring(0, 15) + "=";
        String routeKey = routes.select(message);
        Optional<RouteWiring> route = wiring.route(routeKey);
        if (route.isEmpty()) {
            tell(connection, "{\"message\": \"Forbidden\", \"connectionId\":\"" + connection.id() + "\", \"requestId\":\"" + requestId + "\"}");
            return;
        }
        if (!quotas.webSocketRouteRequest(wiring.apiId(), routeKey, wiring.throttle())) {
            // a throttled message never reaches its integration; the client is told
            tell(connection, "{\"message\": \"Too Many Requests\", \"connectionId\":\"" + connection.id() + "\", \"requestId\":\"" + requestId + "\"}");
            return;
        }
        switch (route.get().integration()) {
            case RouteWiring.Integration.Mock mock -> {
                Map<String, String> context = context(connection, routeKey, "MESSAGE", messageId);
                MappingTemplates.render(mock.requestTemplate(), context);
                if (route.get().twoWay() && mock.responseTemplate().isPresent()) {
                    tell(connection, MappingTemplates.render(mock.responseTemplate().get(), context));
                }
            }
            case RouteWiring.Integration.Lambda lambdaProxy -> invokeAsync(ApiGatewayEvents.message(api, routeKey, connection.id(),
                connection.connectedAt(), connection.sourceIp(), messageId, requestId, message), connection, requestId);
        }
    }

    private static void tell(WebSocketConnection connection, String text) {
        try {
            connection.send(text);
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not answer a client: {0}", e.toString());
        }
    }

    /** The client closed, or the connection ended; API Gateway forgets it and invokes $disconnect. */
    void onClose(WebSocketConnection connection, int statusCode, String reason) {
        if (connection.isSevered()) {
            return; // API Gateway has not noticed: it does so at its idle timeout
        }
        ended(connection, statusCode, reason);
    }

    /** API Gateway closes the connection (idle or age limit, DELETE). */
    void closeFromGateway(WebSocketConnection connection, int statusCode, String reason) {
        if (connection.close(statusCode, reason)) {
            ended(connection, statusCode, reason);
        }
    }

    private void ended(WebSocketConnection connection, int statusCode, String reason) {
        if (!registry.remove(connection.id())) {
            return; // already ended on API Gateway's side
        }
        Optional<RouteWiring> route = wiring.route("$disconnect");
        if (route.isPresent() && route.get().integration() instanceof RouteWiring.Integration.Lambda) {
            invokeAsync(ApiGatewayEvents.disconnect(api, connection.id(), connection.connectedAt(), connection.sourceIp(),
                connection.disconnectCode(statusCode), connection.disconnectReason(reason), requestId()), null, null);
        }
    }

    private void invokeAsync(ObjectNode event, WebSocketConnection onErrorTellClient, String requestId) {
        try {
            lambda.invoke(ApiGatewayEvents.JSON.writeValueAsBytes(event)).whenComplete((out, error) -> {
                if (error != null && onErrorTellClient != null && onErrorTellClient.isOpen()) {
                    // what API Gateway sends when the integration fails (or Lambda throttles it) on a one-way route
                    tell(onErrorTellClient, "{\"message\": \"Internal server error\", \"connectionId\":\"" + onErrorTellClient.id()
                        + "\", \"requestId\":\"" + requestId + "\"}");
                }
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode an event", e);
        }
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
    }
}
