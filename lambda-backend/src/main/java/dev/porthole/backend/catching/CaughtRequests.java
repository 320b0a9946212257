package dev.porthole.backend.catching;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.porthole.backend.Randomness;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.forward.ErrorResponses;
import dev.porthole.backend.store.CaughtRequest;
import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.DynamoTunnelStore;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Requests kept for a tunnel whose agent is away, when the agent asked for that (so webhooks sent while the
 * laptop sleeps are not lost). The caller gets 202; the agent gets the request when it next says
 * {@code ready}, with {@link RequestHead#caughtAt()} set; its answer, which nobody waits for, removes the
 * request. Delivery is at least once: an agent that drops before answering gets the request again.
 */
public final class CaughtRequests {
    private static final System.Logger LOG = System.getLogger(CaughtRequests.class.getName());
    /** A request ID that names a kept request: {@code caught.<tunnelId>.<key>}. */
    static final String ID_PREFIX = "caught.";
    /** What fits a DynamoDB item (400 KB) once base64-encoded, with room for the headers. */
    public static final int MAX_BODY_BYTES = 280 * 1024;
    /** Per tunnel: a flood of requests to an offline URL cannot grow the table without bound. */
    public static final int MAX_KEPT = 1_000;

    private final TunnelStore store;
    private final Connections connections;

    public CaughtRequests(TunnelStore store, Connections connections) {
        this.store = store;
        this.connections = connections;
    }

    /**
     * Keeps a public request for the offline tunnel {@code tunnelId}, and says so to the caller.
     *
     * @param policy what the tunnel's traffic rules made of it when it arrived (they judge a kept request then, not at
     *               delivery: a webhook's signed timestamp would be too old by then); null without rules
     */
    public APIGatewayV2HTTPResponse keep(String tunnelId, String prefix, String method, String target, HttpHeaders headers, byte[] body,
                                         String policy) {
        if (body.length > MAX_BODY_BYTES) {
            return ErrorResponses.of(413, "too-large-to-keep",
                "Porthole: tunnel \"" + tunnelId + "\" is offline, and a body of " + body.length
                    + " bytes is too large to keep for it (the limit is " + MAX_BODY_BYTES + ").",
                "Send it again once the tunnel is online.");
        }
        Instant now = Instant.now();
        byte[] nonce = new byte[6];
        Randomness.secure().nextBytes(nonce);
        String key = DynamoTunnelStore.caughtKey(now, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        String request = MessageCodec.encode(RequestHead.kept(ID_PREFIX + tunnelId + "." + key, method, target, headers, prefix,
            now.toEpochMilli()).withPolicy(policy).withBody(body.length, Base64.getEncoder().encodeToString(body), false));
        return switch (store.keep(tunnelId, key, request, MAX_KEPT)) {
            case KEPT -> {
                Map<String, String> responseHeaders = new LinkedHashMap<>();
                responseHeaders.put("content-type", "text/plain; charset=utf-8");
                responseHeaders.put("cache-control", "no-store");
                responseHeaders.put("x-porthole-caught", "true");
                yield APIGatewayV2HTTPResponse.builder().withStatusCode(202).withHeaders(responseHeaders)
                    .withBody("Porthole: tunnel \"" + tunnelId + "\" is offline; this request was kept and will be delivered when it is back.\n")
                    .withIsBase64Encoded(false).build();
            }
            case FULL -> ErrorResponses.of(503, "catch-full",
                "Porthole: tunnel \"" + tunnelId + "\" is offline and already keeps " + MAX_KEPT + " requests for its agent.",
                "Start the tunnel to receive them, then send this one again.");
            case NOT_CATCHING -> ErrorResponses.of(503, "tunnel-changed",
                "Porthole: tunnel \"" + tunnelId + "\" came online (or stopped keeping requests) just now.", "Send the request again.");
        };
    }

    /** Sends an agent that has just said {@code ready} the requests kept for its tunnel, oldest first. */
    public void deliver(ConnectionRecord agent) {
        if (!agent.policy().catchWhileOffline()) {
            return;
        }
        for (CaughtRequest caught : store.caught(agent.tunnelId())) {
            try {
                RequestHead stored = (RequestHead) MessageCodec.decode(caught.request());
                byte[] body = Base64.getDecoder().decode(stored.body());
                for (byte[] message : BodySplitter.split(stored.withBody(0, "", false), body, Limits.MAX_POSTED_MESSAGE_BYTES)) {
                    if (!connections.post(agent.connectionId(), message)) {
                        return;
                    }
                }
            } catch (ProtocolException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a kept request of tunnel " + agent.tunnelId() + " could not be delivered; dropping it", e);
                store.forgetCaught(agent.tunnelId(), caught.key());
            }
        }
    }

    /** Whether the message is (part of) an agent's answer to a kept request. */
    public static boolean isKeptAnswer(Message message) {
        String id = switch (message) {
            case ResponseHead head -> head.id();
            case dev.porthole.protocol.BodyChunk chunk -> chunk.id();
            case ErrorMessage error -> error.id();
            case null, default -> null;
        };
        return id != null && id.startsWith(ID_PREFIX);
    }

    /**
     * Handles an agent's message about a kept request: its answer (or error) removes the request; further
     * parts of the answer are dropped, as nobody waits for them.
     *
     * @return false if {@code requestId} names no kept request (it is then a live request's ticket)
     */
    public boolean acknowledge(String senderConnectionId, String requestId, Message message) {
        if (requestId == null || !requestId.startsWith(ID_PREFIX)) {
            return false;
        }
        String rest = requestId.substring(ID_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || !(message instanceof ResponseHead || message instanceof ErrorMessage)) {
            return true;
        }
        String tunnelId = rest.substring(0, dot);
        // only the tunnel's own agent may settle its kept requests
        Optional<ConnectionRecord> sender = store.connection(senderConnectionId);
        if (sender.isPresent() && sender.get().tunnelId().equals(tunnelId)) {
            store.forgetCaught(tunnelId, rest.substring(dot + 1));
        }
        return true;
    }
}
