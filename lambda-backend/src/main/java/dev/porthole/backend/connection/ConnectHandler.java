package dev.porthole.backend.connection;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.porthole.backend.WebSocketResponses;
import dev.porthole.backend.auth.AgentToken;
import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.protocol.BasicAuth;
import dev.porthole.protocol.Handshake;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code $connect}: runs while the WebSocket upgrade waits, and its status code is the handshake's answer.
 * It authenticates and records the connection — and never posts to it: API Gateway answers 410 Gone to
 * any post before the handshake completes (seed bugs #2 and #4). The agent learns its URL afterwards,
 * by sending {@code ready}.
 */
public final class ConnectHandler {
    private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());

    private final AgentToken agentToken;
    private final TunnelClaims claims;
    private final TunnelStore store;
    private final Clock clock;
    private final RefusedHandshakes refusals;

    public ConnectHandler(AgentToken agentToken, TunnelClaims claims, TunnelStore store, Clock clock) {
        this.agentToken = agentToken;
        this.claims = claims;
        this.store = store;
        this.clock = clock;
        this.refusals = new RefusedHandshakes(clock, line -> LOG.log(System.Logger.Level.WARNING, line));
    }

    private static String sourceOf(APIGatewayV2WebSocketEvent event) {
        APIGatewayV2WebSocketEvent.RequestIdentity identity = event.getRequestContext().getIdentity();
        String source = identity == null ? null : identity.getSourceIp();
        return source == null || source.isBlank() ? "an unknown address" : source;
    }

    public APIGatewayV2WebSocketResponse connect(APIGatewayV2WebSocketEvent event) {
        String connectionId = event.getRequestContext().getConnectionId();
        if (!agentToken.accepts(EventHeaders.get(event, Handshake.AUTHORIZATION_HEADER))) {
            refusals.refused(sourceOf(event));
            return WebSocketResponses.status(Handshake.STATUS_BAD_TOKEN);
        }
        refusals.tick();
        Optional<String> protocol = EventHeaders.get(event, Handshake.PROTOCOL_HEADER).map(String::trim);
        if (protocol.isPresent() && !protocol.get().equals(Integer.toString(Handshake.PROTOCOL_VERSION))) {
            LOG.log(System.Logger.Level.INFO, "refused an agent speaking protocol {0}", protocol.get());
            return WebSocketResponses.status(Handshake.STATUS_UNSUPPORTED_PROTOCOL);
        }
        Optional<String> requested = EventHeaders.get(event, Handshake.TUNNEL_ID_HEADER)
            .map(id -> id.trim().toLowerCase(Locale.ROOT)).filter(id -> !id.isEmpty());
        Optional<String> accessHeader = EventHeaders.get(event, Handshake.ACCESS_HEADER).filter(h -> !h.isBlank());
        Optional<String> access = accessHeader.flatMap(BasicAuth::digestOf);
        if (accessHeader.isPresent() && access.isEmpty()) {
            return WebSocketResponses.status(Handshake.STATUS_BAD_TUNNEL_ID);
        }
        boolean catchWhileOffline = EventHeaders.get(event, Handshake.CATCH_HEADER).map(v -> v.trim().equalsIgnoreCase("on")).orElse(false);
        Optional<String> rulesAnnounced = EventHeaders.get(event, Handshake.POLICY_HEADER).map(String::trim).filter(v -> !v.isEmpty());
        if (rulesAnnounced.isPresent() && !rulesAnnounced.get().equalsIgnoreCase(Handshake.POLICY_FOLLOWS)) {
            return WebSocketResponses.status(Handshake.STATUS_BAD_TUNNEL_ID);
        }
        TunnelPolicy asked = new TunnelPolicy(access, catchWhileOffline);
        // the rules come in ready; until then the tunnel item says so, and no public request reaches this agent
        TunnelPolicy policy = rulesAnnounced.isPresent() ? asked.awaitingRules() : asked;
        TunnelClaims.Outcome outcome = claims.claim(requested, connectionId, EventHeaders.get(event, Handshake.RESUME_HEADER), policy);
        return switch (outcome) {
            case TunnelClaims.Outcome.Claimed claimed -> {
                store.putConnection(new ConnectionRecord(connectionId, claimed.tunnelId(), clock.instant(), policy));
                LOG.log(System.Logger.Level.INFO, "tunnel {0} is online", claimed.tunnelId());
                // the agent keeps this ID for its next attempt, should its ready get no answer
                yield WebSocketResponses.status(200, Handshake.TUNNEL_ID_HEADER, claimed.tunnelId());
            }
            case TunnelClaims.Outcome.Invalid invalid -> WebSocketResponses.status(Handshake.STATUS_BAD_TUNNEL_ID);
            case TunnelClaims.Outcome.Taken taken -> {
                LOG.log(System.Logger.Level.INFO, "tunnel {0} is held by another live agent", taken.tunnelId());
                yield WebSocketResponses.status(Handshake.STATUS_TUNNEL_TAKEN);
            }
        };
    }
}
