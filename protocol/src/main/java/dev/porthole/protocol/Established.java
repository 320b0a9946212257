package dev.porthole.protocol;

import java.util.Objects;

/**
 * The backend's answer to {@link Ready}: the tunnel is live.
 *
 * @param tunnelId     the tunnel's ID, the first path segment of its public URL
 * @param publicUrl    the public base URL, ending with a slash, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com/k3x9q2m7vb4tz/}
 * @param connectionId API Gateway's ID for this connection, for diagnostics
 * @param resumeToken  lets this agent hand the tunnel over to a new connection of its own while this
 *                     one is still open (the planned reconnect before API Gateway's 2-hour limit); sent
 *                     back in the {@link Handshake#RESUME_HEADER} header
 * @param protocol     the protocol version the backend chose
 * @param maxBodyBytes the largest request or response body the backend accepts
 * @param passwordProtected   the backend checks callers against the agent's {@link Handshake#ACCESS_HEADER};
 *                            an agent that asked for it and does not see it here talks to a backend that
 *                            predates the feature, and must not present the URL as protected
 * @param catchesWhileOffline the backend keeps requests while the tunnel is offline ({@link Handshake#CATCH_HEADER})
 * @param answers      where and how to post the answers to live requests
 * @param policyRules  how many of the {@link Ready#policy()} rules are in force on the tunnel (0 without rules); an
 *                     agent that sent rules and does not see their number here talks to a backend that predates
 *                     traffic rules, which would forward every request unchecked
 * @param routeCacheMillis how long the backend may go on sending requests to this connection after the tunnel has moved
 *                     to a newer one (its functions remember a tunnel's connection that long): after a planned reconnect
 *                     the agent serves the connection it left at least that long; 0 from a backend that does not say
 */
public record Established(String tunnelId, String publicUrl, String connectionId, String resumeToken,
                          int protocol, long maxBodyBytes, boolean passwordProtected, boolean catchesWhileOffline,
                          AnswerRoute answers, int policyRules, long routeCacheMillis) implements Message {
    public Established {
        Objects.requireNonNull(tunnelId, "tunnelId");
        Objects.requireNonNull(publicUrl, "publicUrl");
    }

    /** A tunnel with no password and no catching. */
    public static Established open(String tunnelId, String publicUrl, String connectionId, String resumeToken, int protocol,
                                   long maxBodyBytes, AnswerRoute answers) {
        return new Established(tunnelId, publicUrl, connectionId, resumeToken, protocol, maxBodyBytes, false, false, answers, 0, 0);
    }
}
