package dev.porthole.agent.forward;

import dev.porthole.protocol.HttpHeaders;

import java.net.URI;
import java.util.Objects;

/**
 * A public request, whole, as the backend delivered it (or as replay resends it).
 *
 * @param method    as the caller sent it
 * @param target    raw path and query without the tunnel ID, e.g. {@code /hooks?x=1}
 * @param headers   the caller's headers, unchanged
 * @param prefix    {@code /<tunnelId>} when the public URL carried the tunnel ID, otherwise empty; becomes X-Forwarded-Prefix
 * @param body      the whole body, possibly empty
 * @param publicUrl the tunnel's public base URL, for X-Forwarded-Proto when the caller's headers do not say; may be null
 */
public record IncomingRequest(String method, String target, HttpHeaders headers, String prefix, byte[] body, URI publicUrl) {
    public IncomingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        prefix = prefix == null ? "" : prefix;
        body = body == null ? new byte[0] : body;
    }
}
