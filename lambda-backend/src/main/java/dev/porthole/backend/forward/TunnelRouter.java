package dev.porthole.backend.forward;

import dev.porthole.backend.connection.TunnelIds;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Finds the tunnel a public request is for. Tunnels live under a path ({@code https://host/<id>/…}), but a
 * page served through one often links with absolute paths ({@code <script src="/static/app.js">}); such a
 * request carries no tunnel ID, so it is routed to the tunnel the browser came from — named by the first
 * segment of its {@code Referer} on this host, or else by the {@link #COOKIE} set on the tunnel's pages.
 */
final class TunnelRouter {
    static final String COOKIE = "porthole_tunnel";

    private final TunnelDirectory directory;

    TunnelRouter(TunnelDirectory directory) {
        this.directory = directory;
    }

    Optional<Route> route(String path, Optional<String> referer, Optional<String> host, List<String> cookies) {
        String first = firstSegment(path);
        if (TunnelIds.isValid(first)) {
            TunnelDirectory.Lookup lookup = directory.lookup(first);
            if (!(lookup instanceof TunnelDirectory.Lookup.Unknown)) {
                String rest = path.substring(1 + first.length());
                return Optional.of(new Route(first, rest.isEmpty() ? "/" : rest, "/" + first, true, lookup));
            }
        }
        Optional<Route> fromReferer = referer.flatMap(r -> refererTunnel(r, host)).flatMap(id -> known(id, path));
        if (fromReferer.isPresent()) {
            return fromReferer;
        }
        return cookies.stream()
            .filter(c -> c.startsWith(COOKIE + "="))
            .map(c -> c.substring(COOKIE.length() + 1).trim())
            .filter(TunnelIds::isValid)
            .findFirst()
            .flatMap(id -> known(id, path));
    }

    private Optional<Route> known(String tunnelId, String path) {
        TunnelDirectory.Lookup lookup = directory.lookup(tunnelId);
        return lookup instanceof TunnelDirectory.Lookup.Unknown
            ? Optional.empty()
            : Optional.of(new Route(tunnelId, path, "", false, lookup));
    }

    private static Optional<String> refererTunnel(String referer, Optional<String> host) {
        try {
            URI uri = URI.create(referer.trim());
            if (uri.getHost() == null || host.isEmpty() || !sameHost(uri, host.get())) {
                return Optional.empty();
            }
            String id = firstSegment(uri.getPath() == null ? "" : uri.getPath());
            return TunnelIds.isValid(id) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean sameHost(URI referer, String hostHeader) {
        String authority = referer.getPort() < 0 ? referer.getHost() : referer.getHost() + ":" + referer.getPort();
        return authority.equalsIgnoreCase(hostHeader.trim()) || referer.getHost().equalsIgnoreCase(hostHeader.trim());
    }

    static String firstSegment(String path) {
        if (!path.startsWith("/")) {
            return "";
        }
        int end = path.indexOf('/', 1);
        return end < 0 ? path.substring(1) : path.substring(1, end);
    }
}
