package dev.porthole.local.quota;

import dev.porthole.local.wiring.Throttle;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's quotas, as AWS documents them (docs/architecture.md cites each): the account-wide request rate
 * across HTTP, WebSocket and callback ({@code @connections}) calls (10,000 per second, burst 5,000), new WebSocket
 * connections (500 per second per account and Region), and each stage's throttling target from the template, per
 * route. {@link #off()} lets everything through (the local backend's fast default).
 */
public final class Quotas {
    public static final double ACCOUNT_RATE = 10_000;
    public static final int ACCOUNT_BURST = 5_000;
    public static final double NEW_CONNECTIONS_PER_SECOND = 500;

    private final boolean on;
    private final TokenBucket account = new TokenBucket(ACCOUNT_RATE, ACCOUNT_BURST);
    private final TokenBucket newConnections = new TokenBucket(NEW_CONNECTIONS_PER_SECOND, (int) NEW_CONNECTIONS_PER_SECOND);
    private final Map<String, TokenBucket> routes = new ConcurrentHashMap<>();

    private Quotas(boolean on) {
        this.on = on;
    }

    public static Quotas on() {
        return new Quotas(true);
    }

    public static Quotas off() {
        return new Quotas(false);
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
     * One request on a route of a stage with this throttle (each route has its own bucket with the stage's default
     * settings); false when throttled. Counts against the account too.
     */
    public boolean routeRequest(String apiId, String routeKey, Optional<Throttle> throttle) {
        if (!on) {
            return true;
        }
        if (throttle.isPresent()) {
            Throttle limit = throttle.get();
            TokenBucket bucket = routes.computeIfAbsent(apiId + " " + routeKey, k -> new TokenBucket(limit.ratePerSecond(), limit.burst()));
            if (!bucket.tryTake()) {
                return false;
            }
        }
        return account.tryTake();
    }
}
