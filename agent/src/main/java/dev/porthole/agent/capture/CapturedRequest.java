package dev.porthole.agent.capture;

import dev.porthole.protocol.HttpHeaders;

/**
 * A request as the public caller sent it (before the agent rewrote Host or added X-Forwarded-*).
 *
 * @param target raw path and query, without the tunnel ID, e.g. {@code /hooks/stripe?x=1}
 */
public record CapturedRequest(String method, String target, HttpHeaders headers, CapturedBody body) {
}
