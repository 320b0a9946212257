package dev.porthole.local.quota;

import dev.porthole.local.wiring.Throttle;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's quotas, as AWS documents them (docs/architecture.md cites each): the account-wide request rate
 * across HTTP, WebSocket and callback ({@code @connections}) calls (10,000 per second, burst 5,000), new WebSocket
 * connections (500 per second per account and Region), and each stage's throttling target from the template, per
 * route.
 *
 * <p>{@link #on()} applies all of them. {@link #webSocketStagesOnly()}, the local backend's default, applies the
 * template's WebSocket stage throttles and nothing else: they are what keeps one agent flooding its connection from
 * starting an execution environment per message, which this computer needs as much as an AWS account does; the HTTP
 * stage's throttle and the account's quotas cap an AWS bill, which this computer does not have.
 */
public final class Quotas {
    public static final double ACCOUNT_RATE = 10_000;
    public static final int ACCOUNT_BURST = 5_000;
    public static final double NEW_CONNECTIONS_PER_SECOND = 500;

    private final boolean on;
    private final boolean webSocketStages;
    private final TokenBucket account = new TokenBucket(ACCOUNT_RATE, ACCOUNT_BURST);
    private final TokenBucket newConnections = new TokenBucket(NEW_CONNECTIONS_PER_SECOND, (int) NEW_CONNECTIONS_PER_SECOND);
    private final Map<String, TokenBucket> routes = new ConcurrentHashMap<>();

    private Quotas(boolean on, boolean webSocketStages) {
        this.on = on;
        this.webSocketStages = webSocketStages;
    }

    public static Quotas on() {
        return new Quotas(true, true);
    }

    public static Quotas webSocketStagesOnly() {
        return new Quotas(false, true);
    }

    public static Quotas off() {
        return new Quotas(false, false);
    }

    public boolean enforced() {
        return on;
    }

    /** One request counted against the account-wide rate; false when throttled. */
    public boolean accountRequest() {
        return !on || account.tryTake();
    }

    /** One new WebSocket connection; false when over 500 per second. */
    public boolean newConnection() {
        return !on || newConnections.tryTake();
    }

    /**
     * One request on a route of the HTTP API's stage with this throttle (each route has its own bucket with the
     * stage's default settings); false when throttled. Counts against the account too.
     */
    public boolean httpRouteRequest(String apiId, String routeKey, Optional<Throttle> throttle) {
        return !on || (withinRoute(apiId, routeKey, throttle) && account.tryTake());
    }

    /** One message or handshake on a route of a WebSocket API's stage; false when throttled. */
    public boolean webSocketRouteRequest(String apiId, String routeKey, Optional<Throttle> throttle) {
        if (!on && !webSocketStages) {
            return true;
        }
        return withinRoute(apiId, routeKey, throttle) && (!on || account.tryTake());
    }

    private boolean withinRoute(String apiId, String routeKey, Optional<Throttle> throttle) {
        if (throttle.isEmpty()) {
            return true;
        }
        Throttle limit = throttle.get();
        return routes.computeIfAbsent(apiId + " " + routeKey, k -> new TokenBucket(limit.ratePerSecond(), limit.burst())).tryTake();
    }
}
