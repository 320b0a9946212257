package dev.porthole.protocol;

import java.util.Objects;

/**
 * The local service's answer to a {@link RequestHead}, sent by the agent.
 *
 * @param id      the request's ID, unchanged
 * @param status  the HTTP status code
 * @param headers every response header value, several {@code Set-Cookie} included
 */
public record ResponseHead(String id, int status, HttpHeaders headers, long bodySize, String body, boolean more)
    implements BodyHead {
    public ResponseHead {
        Objects.requireNonNull(id, "id");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, got " + status);
        }
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        body = body == null ? "" : body;
        if (bodySize < 0) {
            throw new IllegalArgumentException("bodySize must not be negative");
        }
    }

    @Override
    public ResponseHead withBody(long bodySize, String body, boolean more) {
        return new ResponseHead(id, status, headers, bodySize, body, more);
    }
}
