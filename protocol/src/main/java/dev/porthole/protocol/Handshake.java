package dev.porthole.protocol;

/**
 * What an agent sends in the WebSocket upgrade request. API Gateway hands these headers to the
 * backend's {@code $connect} handler, whose status code becomes the handshake's answer.
 */
public final class Handshake {
    /**
     * The protocol version this code speaks. Version 2: agents post answers straight to the waiting relay
     * ({@link AnswerRoute}) instead of sending them to the backend's {@code $default}.
     */
    public static final int PROTOCOL_VERSION = 2;

    /** {@code Authorization: Bearer <agent token>}. Never put the token in the URL: URLs end up in access logs. */
    public static final String AUTHORIZATION_HEADER = "Authorization";
    /** The protocol version the agent speaks; an unknown version is refused with 426. */
    public static final String PROTOCOL_HEADER = "X-Porthole-Protocol";
    /**
     * The tunnel ID the agent wants (to keep its URL across reconnects); absent for a fresh random ID. The backend
     * answers the handshake with the same header naming the ID it claimed, so an agent whose {@code ready} got no
     * {@link Established} (a timeout) asks for that ID on its next attempt instead of leaving it reserved.
     */
    public static final String TUNNEL_ID_HEADER = "X-Porthole-Tunnel-Id";
    /** {@link Established#resumeToken()} of the agent's current connection, for a planned reconnect. */
    public static final String RESUME_HEADER = "X-Porthole-Resume";
    /**
     * {@code on}: while this tunnel is offline, the backend keeps the requests it receives (answering the caller
     * 202) and delivers them when the agent is back. Absent: offline requests get 404.
     */
    public static final String CATCH_HEADER = "X-Porthole-Catch";
    /** Optional protection of the public URL, from {@link BasicAuth#accessHeader}; absent = open to anyone with the URL. */
    public static final String ACCESS_HEADER = "X-Porthole-Access";

    /**
     * {@value #POLICY_FOLLOWS}: the agent's traffic rules come in its {@link Ready} message. The backend then holds the
     * tunnel closed — no public request reaches the agent — until they are in force. The rules themselves do not
     * travel here: a header is size-limited (a policy may take 64 KB) and proxies log headers, and the rules carry
     * webhook secrets.
     */
    public static final String POLICY_HEADER = "X-Porthole-Policy";
    public static final String POLICY_FOLLOWS = "follows";

    /** The agent token is missing or wrong. */
    public static final int STATUS_BAD_TOKEN = 401;
    /** The requested tunnel ID, or the access header, is not valid. */
    public static final int STATUS_BAD_TUNNEL_ID = 400;
    /** Another live connection owns the requested tunnel ID. */
    public static final int STATUS_TUNNEL_TAKEN = 409;
    /** The agent's protocol version is not supported. */
    public static final int STATUS_UNSUPPORTED_PROTOCOL = 426;

    private Handshake() {
    }
}
