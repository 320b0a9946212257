package dev.porthole.agent.forward.http;

import java.io.IOException;

/**
 * An exchange with the local service that produced no usable response, and why. The message is written for a
 * person (it ends up in the agent's error page and log line) and never contains request or response content.
 */
public final class ExchangeException extends IOException {
    /** What went wrong, in the terms the caller's error page distinguishes. */
    public enum Reason {
        /** No connection could be made: nothing listens, the host is unknown, or the connection attempt timed out. */
        REFUSED,
        /** The whole exchange took longer than its deadline. */
        TIMEOUT,
        /** The response body is larger than the limit; the rest was not read. */
        TOO_LARGE,
        /** The local service closed (or reset) the connection before its response was complete. */
        CLOSED,
        /** What came back is not an HTTP/1.x response this client can pass on. */
        MALFORMED,
        /** The client was closed, or its thread interrupted, while the exchange was under way. */
        STOPPED
    }

    private final Reason reason;

    ExchangeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
