package dev.porthole.agent.tunnel;

import dev.porthole.agent.FailureReason;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * Opens tunnel connections: the WebSocket upgrade with the agent's credentials, then {@code ready} →
 * {@code established}. Every way this can fail becomes a {@link TunnelRefused} whose reason a person can act on.
 */
public final class Connector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Connector.class.getName());

    private final URI backendUrl;
    private final String token;
    private final String access;
    private final boolean catchWhileOffline;
    private final TrafficPolicy policy;
    private final Duration establishTimeout;
    private final ScheduledExecutorService timer;
    private final ClientManager client;

    /**
     * @param access            the {@link Handshake#ACCESS_HEADER} value protecting the public URL, or null
     * @param catchWhileOffline whether the backend should keep requests while this tunnel is offline
     * @param policy            the traffic rules the backend is to run, sent on every connection ({@link TrafficPolicy#NONE}: none)
     */
    public Connector(URI backendUrl, String token, String access, boolean catchWhileOffline, TrafficPolicy policy,
                     Duration connectTimeout, Duration establishTimeout, ScheduledExecutorService timer) {
        this.backendUrl = backendUrl;
        this.token = token;
        this.access = access;
        this.catchWhileOffline = catchWhileOffline;
        this.policy = policy;
        this.establishTimeout = establishTimeout;
        this.timer = timer;
        this.client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, Math.toIntExact(connectTimeout.toMillis()));
        client.getProperties().put(ClientProperties.REDIRECT_ENABLED, false);
    }

    /**
     * Opens one connection and waits until the backend has confirmed the tunnel.
     *
     * @param tunnelId    the tunnel ID to ask for, or null for a new random one
     * @param resumeToken the resume token of this agent's previous connection for this tunnel, or null
     */
    public BackendConnection open(String tunnelId, String resumeToken, RequestHandler handler)
        throws TunnelRefused, InterruptedException {
        BackendConnection connection = new BackendConnection(handler, timer, policy);
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
            .configurator(new ClientEndpointConfig.Configurator() {
                @Override
                public void beforeRequest(Map<String, List<String>> headers) {
                    headers.put(Handshake.AUTHORIZATION_HEADER, List.of("Bearer " + token));
                    headers.put(Handshake.PROTOCOL_HEADER, List.of(Integer.toString(Handshake.PROTOCOL_VERSION)));
                    if (tunnelId != null) {
                        headers.put(Handshake.TUNNEL_ID_HEADER, List.of(tunnelId));
                    }
                    if (resumeToken != null) {
                        headers.put(Handshake.RESUME_HEADER, List.of(resumeToken));
                    }
                    if (access != null) {
                        headers.put(Handshake.ACCESS_HEADER, List.of(access));
                    }
                    if (catchWhileOffline) {
                        headers.put(Handshake.CATCH_HEADER, List.of("on"));
                    }
                    if (!policy.isEmpty()) {
                        // only the announcement: the rules, with their secrets, go in ready, not in a header proxies log
                        headers.put(Handshake.POLICY_HEADER, List.of(Handshake.POLICY_FOLLOWS));
                    }
                }

                @Override
                public void afterResponse(jakarta.websocket.HandshakeResponse response) {
                    response.getHeaders().entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase(Handshake.TUNNEL_ID_HEADER) && !h.getValue().isEmpty())
                        .findFirst().ifPresent(h -> connection.claimed(h.getValue().get(0)));
                }
            })
            .build();
        try {
            client.connectToServer(connection, config, backendUrl);
        } catch (DeploymentException e) {
            throw refusal(e, tunnelId);
        } catch (IOException e) {
            throw unreachable(e);
        }
        try {
            Established established = connection.awaitEstablished(establishTimeout);
            if (access != null && !established.passwordProtected()) {
                throw new TunnelRefused(FailureReason.PROTOCOL_REFUSED, "this backend does not check passwords for public URLs (it is "
                    + "older than that feature), so the URL would be open to anyone: update the backend (for AWS, update the stack), "
                    + "or turn the password off");
            }
            if (established.policyRules() != policy.rules().size()) {
                throw new TunnelRefused(FailureReason.PROTOCOL_REFUSED, "this backend does not run traffic rules (it is older than "
                    + "that feature: it confirmed " + established.policyRules() + " of the tunnel's " + policy.rules().size()
                    + " rules), so they would not protect the URL: update the backend (for AWS, update the stack), or start the "
                    + "tunnel without rules");
            }
            if (catchWhileOffline && !established.catchesWhileOffline()) {
                throw new TunnelRefused(FailureReason.PROTOCOL_REFUSED, "this backend cannot keep requests while the tunnel is offline "
                    + "(it is older than that feature): update the backend (for AWS, update the stack), or turn catching off");
            }
            return connection;
        } catch (TunnelRefused e) {
            connection.close(jakarta.websocket.CloseReason.CloseCodes.NORMAL_CLOSURE, "tunnel not established");
            throw connection.claimedTunnelId() == null ? e : e.claimed(connection.claimedTunnelId());
        } catch (InterruptedException | RuntimeException e) {
            connection.close(jakarta.websocket.CloseReason.CloseCodes.NORMAL_CLOSURE, "tunnel not established");
            throw e;
        }
    }

    /** What the handshake's HTTP status means for the person running the agent. */
    private TunnelRefused refusal(DeploymentException e, String tunnelId) {
        int status = statusOf(e);
        LOG.log(DEBUG, "WebSocket upgrade to " + backendUrl + " failed with status " + status, e);
        return switch (status) {
            case Handshake.STATUS_BAD_TOKEN -> new TunnelRefused(FailureReason.BAD_TOKEN,
                "the backend refused the agent token (401): check the token you were given for this backend");
            case Handshake.STATUS_BAD_TUNNEL_ID -> new TunnelRefused(FailureReason.INVALID_TUNNEL_ID,
                "the backend refused tunnel ID \"" + tunnelId + "\" as invalid (400): use 3 to 40 lower-case letters, digits or hyphens");
            case Handshake.STATUS_TUNNEL_TAKEN -> new TunnelRefused(FailureReason.TUNNEL_ID_TAKEN,
                "tunnel ID \"" + tunnelId + "\" is in use by another agent (409): stop that agent or choose another ID");
            case Handshake.STATUS_UNSUPPORTED_PROTOCOL -> new TunnelRefused(FailureReason.PROTOCOL_REFUSED,
                "the backend does not speak this agent's protocol version " + Handshake.PROTOCOL_VERSION
                    + " (426): update the agent or the backend so they match");
            case -1 -> unreachable(e);
            default -> new TunnelRefused(FailureReason.BACKEND_UNREACHABLE,
                "the backend at " + backendUrl + " answered the WebSocket upgrade with HTTP " + status);
        };
    }

    private TunnelRefused unreachable(Exception e) {
        return new TunnelRefused(FailureReason.BACKEND_UNREACHABLE,
            "cannot reach the backend at " + backendUrl + ": " + rootMessage(e), e);
    }

    /** The HTTP status of a refused upgrade, or -1 when the upgrade never got an HTTP answer. */
    static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Handshake.STATUS_BAD_TOKEN; // Tyrus's way of saying 401 when no credentials are configured
            }
            if (t instanceof DeploymentHandshakeException d && d.getHttpStatusCode() > 0) {
                return d.getHttpStatusCode();
            }
            if (t instanceof HandshakeException h && h.getHttpStatusCode() > 0) {
                return h.getHttpStatusCode();
            }
        }
        return -1;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName() : root.getMessage();
        return root instanceof java.net.ConnectException ? "connection refused" : text;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
