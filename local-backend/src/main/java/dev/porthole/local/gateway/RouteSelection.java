package dev.porthole.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Set;

/**
 * Picks the route for an incoming message the way API Gateway does: evaluate the route selection expression
 * ({@code $request.body.<field>}) on the message as JSON; a value naming a route key picks that route,
 * anything else — not JSON, no such field, no such route — goes to {@code $default}.
 */
final class RouteSelection {
    private static final String BODY_PREFIX = "$request.body.";

    private final String[] path;
    private final Set<String> routeKeys;

    RouteSelection(String expression, Set<String> routeKeys) {
        if (!expression.startsWith(BODY_PREFIX)) {
            throw new IllegalArgumentException("only $request.body.* route selection expressions are supported, got " + expression);
        }
        this.path = expression.substring(BODY_PREFIX.length()).split("\\.");
        this.routeKeys = Set.copyOf(routeKeys);
    }

    String select(String message) {
        try {
            JsonNode node = ApiGatewayEvents.JSON.readTree(message);
            for (String field : path) {
                node = node == null ? null : node.get(field);
            }
            if (node != null && node.isValueNode() && routeKeys.contains(node.asText())) {
                return node.asText();
            }
        } catch (IOException e) {
            // not JSON: $default
        }
        return "$default";
    }
}
