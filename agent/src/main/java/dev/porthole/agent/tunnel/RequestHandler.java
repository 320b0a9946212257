package dev.porthole.agent.tunnel;

import dev.porthole.protocol.RequestHead;

import java.time.Instant;

/** Where a {@link BackendConnection} hands each public request once its whole body has arrived. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Called on the connection's reading thread: hand the work to another thread and return at once, then answer
     * with {@link BackendConnection#respond} on this same connection (the backend only accepts an answer from the
     * connection it sent the request to).
     *
     * @param head       the request head; its body fields describe only the first part of the body
     * @param body       the whole body
     * @param receivedAt when the last part arrived
     */
    void onRequest(BackendConnection connection, RequestHead head, byte[] body, Instant receivedAt);
}
