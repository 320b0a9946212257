package dev.porthole.agent.capture;

import dev.porthole.protocol.HttpHeaders;

/**
 * A request as the public caller sent it (before the agent rewrote Host or added X-Forwarded-*).
 *
 * @param target raw path and query, without the tunnel ID, e.g. {@code /hooks/stripe?x=1}
 * @param prefix the path prefix that routed it to the tunnel ({@code /<tunnelId>}), or empty; replay sends it
 *               again as X-Forwarded-Prefix
 */
public record CapturedRequest(String method, String target, HttpHeaders headers, CapturedBody body, String prefix) {
    public CapturedRequest {
        prefix = prefix == null ? "" : prefix;
    }

    /** A request without a path prefix, e.g. one written by hand for replay. */
    public CapturedRequest(String method, String target, HttpHeaders headers, CapturedBody body) {
        this(method, target, headers, body, "");
    }
}
