package dev.porthole.backend.store;

/**
 * A public request kept while its tunnel was offline.
 *
 * @param key     its key within the tunnel's kept requests, in arrival order
 * @param request the encoded {@code request} message, with the whole body
 */
public record CaughtRequest(String tunnelId, String key, String request) {
}
