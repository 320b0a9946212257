package dev.porthole.backend.forward;

/**
 * Where a public request goes.
 *
 * @param path     the path for the local service, still decoded, starting with {@code /}
 * @param prefix   {@code /<tunnelId>} when the URL named the tunnel, empty when the tunnel was found another way
 * @param explicit whether the URL named the tunnel (rather than its Referer or cookie)
 */
record Route(String tunnelId, String path, String prefix, boolean explicit, TunnelDirectory.Lookup lookup) {

    Route withLookup(TunnelDirectory.Lookup newLookup) {
        return new Route(tunnelId, path, prefix, explicit, newLookup);
    }
}
