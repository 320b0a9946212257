package dev.porthole.local.wiring;

import java.util.Optional;
import java.util.Set;

/** The template's HTTP API: its ID, the Lambda integration's payload format version, its routes and stage throttle. */
public record HttpApiWiring(String apiId, String payloadFormatVersion, Set<String> routeKeys, Optional<Throttle> throttle) {
    public HttpApiWiring {
        routeKeys = Set.copyOf(routeKeys);
    }
}
