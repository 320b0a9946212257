package dev.porthole.backend.message;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.porthole.backend.WebSocketResponses;
import dev.porthole.backend.answer.AnswerRoutes;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.catching.CaughtRequests;
import dev.porthole.backend.connection.TunnelClaims;
import dev.porthole.backend.forward.TunnelDirectory;
import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.protocol.AnswerRoute;
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
import dev.porthole.protocol.Renew;
import dev.porthole.protocol.Renewed;

import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.TrafficPolicy;

import java.net.URI;
import java.util.Optional;

/**
 * {@code $default}: every message an agent sends on its WebSocket. Answers go back through the Management API;
 * anything unreadable or out of place gets an {@code error} message back and changes nothing.
 */
public final class MessageHandler {
    private static final System.Logger LOG = System.getLogger(MessageHandler.class.getName());

    private final TunnelStore store;
    private final Connections connections;
    private final TunnelClaims claims;
    private final AnswerRoutes answerRoutes;
    private final URI publicUrl;
    private final long maxBodyBytes;
    private final CaughtRequests caught;
    private final MessageBudget budget = new MessageBudget(System::nanoTime);

    public MessageHandler(TunnelStore store, Connections connections, TunnelClaims claims, AnswerRoutes answerRoutes, URI publicUrl,
                          long maxBodyBytes, CaughtRequests caught) {
        this.store = store;
        this.connections = connections;
        this.claims = claims;
        this.answerRoutes = answerRoutes;
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.caught = caught;
    }

    public APIGatewayV2WebSocketResponse handle(String connectionId, String body) {
        Message message;
        try {
            message = MessageCodec.decode(body == null ? "" : body);
        } catch (ProtocolException e) {
            if (withinBudget(connectionId, null)) {
                reply(connectionId, e.toErrorMessage(null));
            }
            return WebSocketResponses.status(200);
        }
        if (!withinBudget(connectionId, message)) {
            return WebSocketResponses.status(200);
        }
        switch (message) {
            case Ready ready -> ready(connectionId, ready);
            case Ping ping -> reply(connectionId, new Pong(ping.sentAt()));
            case Renew renew -> renew(connectionId);
            case ResponseHead head -> answer(connectionId, head.id(), message);
            case BodyChunk chunk -> answer(connectionId, chunk.id(), message);
            case ErrorMessage error when error.id() != null -> answer(connectionId, error.id(), message);
            case ErrorMessage error -> LOG.log(System.Logger.Level.INFO, "an agent reports {0}: {1}", error.code(), error.message());
            default -> reply(connectionId, new ErrorMessage(null, ErrorCode.MALFORMED_MESSAGE,
                "an agent does not send \"" + MessageCodec.typeName(message) + "\" messages"));
        }
        return WebSocketResponses.status(200);
    }

    /**
     * Charges the message to its connection's budget; false when it is to be ignored. Parts of answers to kept requests
     * are free: there are at most {@link CaughtRequests#MAX_KEPT} of those per tunnel, all arriving at once after a
     * reconnect.
     */
    private boolean withinBudget(String connectionId, Message message) {
        if (CaughtRequests.isKeptAnswer(message)) {
            return true;
        }
        switch (budget.charge(connectionId)) {
            case ACCEPT -> {
                return true;
            }
            case IGNORE_AND_TELL -> {
                LOG.log(System.Logger.Level.INFO, "an agent connection sends more than {0} messages a second; ignoring the rest",
                    MessageBudget.PER_SECOND);
                reply(connectionId, new ErrorMessage(null, ErrorCode.TOO_MANY_MESSAGES, "this connection sent more than "
                    + MessageBudget.BURST + " messages at once (an agent needs a few an hour); the backend ignores what comes "
                    + "beyond " + (int) MessageBudget.PER_SECOND + " a second, and closes the connection if it goes on. "
                    + "If this is the Porthole agent, update it; otherwise stop what is sending them"));
                return false;
            }
            case CLOSE -> {
                LOG.log(System.Logger.Level.WARNING, "closing an agent connection that went on sending after {0} of its "
                    + "messages were ignored", MessageBudget.CLOSE_AFTER_IGNORED);
                try {
                    connections.close(connectionId);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not close a flooding connection: {0}", e.getMessage());
                }
                return false;
            }
            default -> {
                return false;
            }
        }
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
        Optional<TrafficPolicy> rules = rules(connectionId, policy.rulesPending(), ready, tunnelId);
        if (rules.isEmpty()) {
            return;
        }
        Optional<AnswerRoute> answers = answerRoute();
        if (answers.isEmpty()) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.INTERNAL, "the backend could not issue the credentials agents "
                + "post their answers with (STS AssumeRole on its AnswerRole failed); the agent retries, and the function's log says why"));
            return;
        }
        // only now may public requests reach this connection: its $connect is over, and its rules are known
        if (!store.open(tunnelId, connectionId, policy.withRules(rules.get()))) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.NOT_A_TUNNEL,
                "this connection no longer holds the tunnel (it was taken over); reconnect to get one"));
            return;
        }
        reply(connectionId, new Established(tunnelId, publicUrl.resolve(tunnelId + "/").toString(), connectionId,
            claims.resumeToken(tunnelId, connectionId), Handshake.PROTOCOL_VERSION, maxBodyBytes,
            policy.access().isPresent(), policy.catchWhileOffline(), answers.get(), rules.get().rules().size(),
            TunnelDirectory.ONLINE_TTL.toMillis()));
        caught.deliver(agent.get());
    }

    /**
     * The traffic rules the agent announced at {@code $connect}, which {@code ready} brings: the tunnel stays closed
     * (nothing forwarded) until they are in force, and for good on this connection when they are refused. The refusal
     * names the rule and the field, never a secret.
     *
     * @return the rules ({@link TrafficPolicy#NONE} for an agent that has none), or empty when refused
     */
    private Optional<TrafficPolicy> rules(String connectionId, boolean announced, Ready ready, String tunnelId) {
        if (!announced && ready.policy() == null) {
            return Optional.of(TrafficPolicy.NONE);
        }
        if (!announced) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.BAD_POLICY, "the traffic rules came in ready without being "
                + "announced in the handshake (" + Handshake.POLICY_HEADER + ": " + Handshake.POLICY_FOLLOWS + "), so requests "
                + "could have reached the agent before they were in force; they are not used. Update the agent"));
            return Optional.empty();
        }
        if (ready.policy() == null) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.BAD_POLICY, "the handshake announced traffic rules but ready "
                + "carried none; the tunnel forwards nothing on this connection. Update the agent"));
            return Optional.empty();
        }
        try {
            return Optional.of(PolicyJson.decode(ready.policy()));
        } catch (InvalidPolicyException e) {
            LOG.log(System.Logger.Level.INFO, "refused the traffic rules of tunnel {0}: {1}", tunnelId, e.getMessage());
            reply(connectionId, new ErrorMessage(null, ErrorCode.BAD_POLICY, "the backend refused the tunnel's traffic rules: "
                + e.getMessage() + ". Fix that rule and start the tunnel again (docs/agent.md, \"Traffic policy\"); if the "
                + "agent is newer than the backend, update the backend"));
            return Optional.empty();
        }
    }

    private void renew(String connectionId) {
        if (store.connection(connectionId).isEmpty()) {
            reply(connectionId, new ErrorMessage(null, ErrorCode.NOT_A_TUNNEL, "this connection holds no tunnel; reconnect to get one"));
            return;
        }
        answerRoute().ifPresentOrElse(route -> reply(connectionId, new Renewed(route)),
            () -> reply(connectionId, new ErrorMessage(null, ErrorCode.INTERNAL,
                "the backend could not renew the answer credentials just now; ask again in a minute")));
    }

    private Optional<AnswerRoute> answerRoute() {
        try {
            return Optional.of(answerRoutes.current());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "STS refused the answer credentials (AssumeRole on the AnswerRole): " + e.getMessage(), e);
            return Optional.empty();
        }
    }

    /**
     * The agent's answer to a request the backend kept while the tunnel was offline (it settles it). Answers to live
     * requests do not come here: the agent posts them straight to the relay named in the request's {@code replyTo}.
     */
    private void answer(String senderConnectionId, String requestId, Message message) {
        if (!caught.acknowledge(senderConnectionId, requestId, message)) {
            reply(senderConnectionId, new ErrorMessage(requestId, ErrorCode.UNKNOWN_REQUEST,
                "no kept request has this ID; answers to live requests go to the relay named in their replyTo"));
        }
    }

    private void reply(String connectionId, Message message) {
        try {
            connections.post(connectionId, MessageCodec.encodeToBytes(message));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not answer an agent's message", e);
        }
    }
}
