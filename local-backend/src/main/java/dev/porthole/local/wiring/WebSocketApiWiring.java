package dev.porthole.local.wiring;

import java.util.Map;
import java.util.Optional;

/**
 * One WebSocket API of the template: its ID (as the template's Ref resolves it here), stage, route selection
 * expression, routes and stage throttle.
 */
public record WebSocketApiWiring(String logicalId, String apiId, String stage, String routeSelectionExpression,
                                 Map<String, RouteWiring> routes, Optional<Throttle> throttle) {
    public WebSocketApiWiring {
        routes = Map.copyOf(routes);
    }

    public Optional<RouteWiring> route(String routeKey) {
        return Optional.ofNullable(routes.get(routeKey));
    }
}
