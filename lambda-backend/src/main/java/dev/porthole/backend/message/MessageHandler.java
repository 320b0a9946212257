package dev.porthole.backend.message;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.porthole.backend.WebSocketResponses;
import dev.porthole.backend.auth.Keys;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.catching.CaughtRequests;
import dev.porthole.backend.connection.TunnelClaims;
import dev.porthole.backend.relay.RequestTicket;
import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.protocol.BodyChunk;
import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ping;
import dev.porthole.protocol.Pong;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.Ready;
import dev.porthole.protocol.ResponseHead;
import dev.porthole.protocol.WhoAmI;
import dev.porthole.protocol.YouAre;

import java.net.URI;
import java.util.Optional;

/**
 * {@code $default}: every message an agent (or a relay) sends. Answers go back through the Management API;
 * anything unreadable or out of place gets an {@code error} message back and changes nothing.
 */
public final class MessageHandler {
    private static final System.Logger LOG = System.getLogger(MessageHandler.class.getName());

    private final TunnelStore store;
    private final Connections connections;
    private final TunnelClaims claims;
    private final Keys keys;
    private final URI publicUrl;
    private final long maxBodyBytes;
    private final CaughtRequests caught;

    public MessageHandler(TunnelStore store, Connections connections, TunnelClaims claims, Keys keys, URI publicUrl, long maxBodyBytes,
                          CaughtRequests caught) {
        this.store = store;
        this.connections = connections;
        this.claims = claims;
        this.keys = keys;
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.caught = caught;
    }

    public APIGatewayV2WebSocketResponse handle(String connectionId, String body) {
        Message message;
        try {
            message = MessageCodec.decode(body == null ? "" : body);
        } catch (ProtocolException e) {
            reply(connectionId, e.toErrorMessage(null));
            return WebSocketResponses.status(200);
        }
        switch (message) {
            case Ready ready -> ready(connectionId, ready);
            case Ping ping -> reply(connectionId, new Pong(ping.sentAt()));
            case WhoAmI whoAmI -> reply(connectionId, new YouAre(connectionId));
            case ResponseHead head -> answer(connectionId, head.id(), message, body);
            case BodyChunk chunk -> answer(connectionId, chunk.id(), message, body);
            case ErrorMessage error when error.id() != null -> answer(connectionId, error.id(), message, body);
            case ErrorMessage error -> LOG.log(System.Logger.Level.INFO, "connection {0} reports {1}: {2}", connectionId, error.code(), error.message());
            default -> reply(connectionId, new ErrorMessage(null, ErrorCode.MALFORMED_MESSAGE,
                "an agent does not send \"" + MessageCodec.typeName(message) + "\" messages"));
        }
        return WebSocketResponses.status(200);
    }

    private void ready(String connectionId, Ready ready) {
        if (ready.protocol() != Handshake.PROTOCOL_VERSION) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.UNSUPPORTED_PROTOCOL,
                "this backend speaks Porthole protocol " + Handshake.PROTOCOL_VERSION + " and the agent speaks " + ready.protocol()
                    + "; update the agent (or redeploy the backend) so both are the same version"));
            return;
        }
        Optional<ConnectionRecord> agent = store.connection(connectionId);
        if (agent.isEmpty()) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.NOT_A_TUNNEL,
                "this connection holds no tunnel (it may have been taken over); reconnect to get one"));
            return;
        }
        String tunnelId = agent.get().tunnelId();
        TunnelPolicy policy = agent.get().policy();
        reply(connectionId, new Established(tunnelId, publicUrl.resolve(tunnelId + "/").toString(), connectionId,
            claims.resumeToken(tunnelId, connectionId), Handshake.PROTOCOL_VERSION, maxBodyBytes,
            policy.access().isPresent(), policy.catchWhileOffline()));
        caught.deliver(agent.get());
    }

    private void answer(String senderConnectionId, String requestId, Message message, String rawMessage) {
        if (!caught.acknowledge(senderConnectionId, requestId, message)) {
            relayAnswer(senderConnectionId, requestId, rawMessage);
        }
    }

    /** Posts the agent's message, unchanged, to the relay its request ticket names — if the ticket was issued for this sender. */
    private void relayAnswer(String senderConnectionId, String requestId, String rawMessage) {
        Optional<RequestTicket> ticket = RequestTicket.parse(requestId);
        if (ticket.isEmpty() || !ticket.get().wasSentTo(keys, senderConnectionId)) {
            reply(senderConnectionId, new ErrorMessage(requestId, ErrorCode.UNKNOWN_REQUEST,
                "no request with this ID was sent to this connection"));
            return;
        }
        if (!connections.post(ticket.get().relayConnectionId(), rawMessage)) {
            LOG.log(System.Logger.Level.DEBUG, "the request {0} no longer waits (timed out or its caller left)", requestId);
        }
    }

    private void reply(String connectionId, Message message) {
        try {
            connections.post(connectionId, MessageCodec.encode(message));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not answer connection " + connectionId, e);
        }
    }
}
