package dev.porthole.desktop.replay;

import dev.porthole.protocol.Header;

import java.util.Locale;
import java.util.Set;

/**
 * Headers the backend's gateway adds to every public request (API Gateway's HTTP API, and the local backend that
 * copies it): the caller did not send them, so a command that repeats the caller's request leaves them out — sent
 * again through the tunnel, the gateway would add its own and the origin would see two proxies.
 */
public final class GatewayHeaders {
    private static final Set<String> ADDED = Set.of("x-amzn-trace-id", "forwarded", "via");

    private GatewayHeaders() {
    }

    public static boolean addedByGateway(Header h) {
        String name = h.name().toLowerCase(Locale.ROOT);
        return name.startsWith("x-forwarded-") || ADDED.contains(name);
    }
}
