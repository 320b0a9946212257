package dev.porthole.agent.tunnel;

import dev.porthole.protocol.AnsweredByRule;
import dev.porthole.protocol.RequestHead;

import java.time.Instant;

/** Where a {@link BackendConnection} hands each public request once its whole body has arrived. */
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

    /**
     * The backend's word that the tunnel's traffic rules refused or answered a request, which therefore never came
     * here. Called on the connection's reading thread: return at once. Nothing to do by default.
     */
    default void onAnsweredByRule(AnsweredByRule notice) {
    }
}
