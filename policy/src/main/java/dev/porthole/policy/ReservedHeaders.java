package dev.porthole.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Headers rules may not add, set or remove. API Gateway reserves some for itself (its HTTP API would ignore or
 * refuse a mapping of them, see "Reserved headers" in the HTTP API parameter-mapping guide); Porthole uses the
 * others to route the request, tell the local service where it came from and report its own errors.
 */
public final class ReservedHeaders {
    private static final Set<String> API_GATEWAY = Set.of(
        "authorization", "connection", "content-encoding", "content-length", "content-location", "forwarded",
        "keep-alive", "origin", "proxy-authenticate", "proxy-authorization", "te", "trailers", "transfer-encoding",
        "upgrade", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "via");
    private static final List<String> API_GATEWAY_PREFIXES = List.of("access-control-", "apigw-", "x-amz-", "x-amzn-");
    private static final List<String> PORTHOLE_PREFIXES = List.of("x-porthole-", "x-forwarded-");

    private ReservedHeaders() {
    }

    /** Why the header is reserved, or empty when rules may use it. */
    public static Optional<String> reason(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (API_GATEWAY.contains(lower) || API_GATEWAY_PREFIXES.stream().anyMatch(lower::startsWith)) {
            return Optional.of(name + " is reserved by API Gateway");
        }
        if (lower.equals("host")) {
            return Optional.of("Host is set by the agent (see --keep-public-host)");
        }
        if (PORTHOLE_PREFIXES.stream().anyMatch(lower::startsWith)) {
            return Optional.of(name + " is set by Porthole itself");
        }
        return Optional.empty();
    }
}
