package dev.porthole.agent;

/** Why a tunnel could not come online, in terms a person can act on. */
public enum FailureReason {
    /** The backend refused the agent token (401). */
    BAD_TOKEN,
    /** Another live agent holds the requested tunnel ID (409). */
    TUNNEL_ID_TAKEN,
    /** The requested tunnel ID is not a valid ID (400). */
    INVALID_TUNNEL_ID,
    /** The backend does not speak this agent's protocol version (426, or an {@code unsupported_protocol} error). */
    PROTOCOL_REFUSED,
    /** The backend refused the tunnel's traffic rules ({@code bad_policy}); the message names the rule. */
    RULES_REFUSED,
    /** The backend could not be reached, or the connection dropped. */
    BACKEND_UNREACHABLE,
    /** Anything else. */
    INTERNAL
}
