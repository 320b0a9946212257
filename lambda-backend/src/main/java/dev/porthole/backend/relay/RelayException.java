package dev.porthole.backend.relay;

/** Why a public request got no answer from its agent. */
public final class RelayException extends Exception {

    public enum Kind {
        /** The function could not open its relay connection. */
        RELAY_UNAVAILABLE,
        /** The relay connection closed, or stopped answering, while the request waited. */
        RELAY_LOST,
        /** The agent's connection closed while the request waited. */
        AGENT_GONE,
        /** The agent sent an error instead of a response. */
        AGENT_ERROR,
        /** The agent's answer broke the protocol. */
        BAD_RESPONSE,
        /** The agent's response body was over the limit. */
        RESPONSE_TOO_LARGE,
        /** No complete answer before the deadline. */
        TIMEOUT
    }

    private final Kind kind;

    public RelayException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RelayException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
