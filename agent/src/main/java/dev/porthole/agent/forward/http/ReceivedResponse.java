package dev.porthole.agent.forward.http;

import dev.porthole.protocol.HttpHeaders;

/**
 * The local service's final response, whole.
 *
 * @param status  the final status: 2xx–5xx, or 101 when the service switched protocols (interim 1xx responses
 *                are read and skipped)
 * @param headers every header line as received, in order, values decoded from UTF-8
 * @param body    the body, decoded from its chunked framing if it had one; empty for HEAD, 204 and 304
 * @param cut     whether the body is an event stream cut at the end of its window, not the whole of it
 */
public record ReceivedResponse(int status, HttpHeaders headers, byte[] body, boolean cut) {
}
