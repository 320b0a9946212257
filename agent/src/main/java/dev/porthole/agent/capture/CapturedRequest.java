package dev.porthole.agent.capture;

import dev.porthole.protocol.HttpHeaders;

import java.time.Instant;

/**
 * A request as the public caller sent it (before the agent rewrote Host or added X-Forwarded-*).
 *
 * @param target   raw path and query, without the tunnel ID, e.g. {@code /hooks/stripe?x=1}
 * @param prefix   the path prefix that routed it to the tunnel ({@code /<tunnelId>}), or empty; replay sends it
 *                 again as X-Forwarded-Prefix
 * @param caughtAt when the caller sent it, if the backend kept it while the tunnel was offline and delivered it
 *                 later (the caller got 202 then, not this exchange's response); null for a live request
 */
public record CapturedRequest(String method, String target, HttpHeaders headers, CapturedBody body, String prefix,
                              Instant caughtAt) {
    public CapturedRequest {
        prefix = prefix == null ? "" : prefix;
    }

    public CapturedRequest(String method, String target, HttpHeaders headers, CapturedBody body, String prefix) {
        this(method, target, headers, body, prefix, null);
    }

    /** A request without a path prefix, e.g. one written by hand for replay. */
    public CapturedRequest(String method, String target, HttpHeaders headers, CapturedBody body) {
        this(method, target, headers, body, "", null);
    }

    /** Whether the backend kept this request while the tunnel was offline. */
    public boolean caught() {
        return caughtAt != null;
    }
}
