package dev.porthole.agent.forward.http;

import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.util.Objects;

/**
 * A request exactly as it goes on the wire: the method as given (case kept), an origin-form target that is already
 * valid on a request line, the header lines in order (Host among them), and the whole body.
 *
 * <p>Framing is the client's business: {@code Content-Length} and {@code Transfer-Encoding} lines given here are
 * not sent as given. The client sends {@code Content-Length: <body length>} when the body is not empty or when the
 * given headers announced a length (so an empty POST keeps its {@code Content-Length: 0}), and never
 * {@code Transfer-Encoding}: the body is whole.
 *
 * @throws IllegalArgumentException when the method, target or a header line cannot go on an HTTP/1.1 wire
 */
public record OutgoingRequest(String method, String target, HttpHeaders headers, byte[] body) {
    public OutgoingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        body = body == null ? new byte[0] : body;
        if (!Wire.isToken(method)) {
            throw new IllegalArgumentException("\"" + method + "\" is not an HTTP method name");
        }
        if (!target.startsWith("/") || !Wire.isTarget(target)) {
            throw new IllegalArgumentException("the request target must start with \"/\" and hold no spaces or control characters");
        }
        if (!headers.contains("host")) {
            throw new IllegalArgumentException("an HTTP/1.1 request needs a Host header");
        }
        for (Header h : headers) {
            if (!Wire.isToken(h.name()) || !Wire.isFieldValue(h.value())) {
                throw new IllegalArgumentException("the header " + h.name() + " cannot be sent on HTTP/1.1 (a name that is "
                    + "not a token, or a control character in its value)");
            }
        }
    }

    /** Whether the body ends with the head: HEAD's answer never has one, whatever its Content-Length says. */
    boolean isHead() {
        return method.equals("HEAD");
    }
}
