package dev.porthole.agent.testing;

import dev.porthole.protocol.BodyAssembler;
import dev.porthole.protocol.BodyChunk;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ping;
import dev.porthole.protocol.Pong;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.Ready;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A real WebSocket server (Jetty 12) that plays the backend's side of the tunnel protocol, for tests that run
 * before or beside the real local backend: the handshake with its statuses, ready → established, requests sent
 * as head + chunks (optionally out of order), answers collected, and faults on demand (refused upgrades,
 * silence instead of {@code established}, unanswered pings, dropped connections). Answers arrive as the agent posts
 * them to a relay: an HTTP endpoint in the shape of the Management API's {@code POST @connections/{id}}, which checks
 * that each post is SigV4-signed with the answer credentials it handed out. It is a script of the protocol, not a
 * second backend: there is no HTTP front and no storage.
 */
public final class ScriptedBackend implements AutoCloseable {
    /**
     * How long this backend says it may route to a connection the tunnel has left; it routes every request to the
     * current owner at once, so a replaced connection need not wait a real backend's 30 s before it closes.
     */
    public static final Duration ROUTE_CACHE = Duration.ofMillis(100);

    public static final String PATH = "/_porthole/ws/local";
    public static final String RELAY_PATH = "/_porthole/relay/local";
    /** The relay connection every request names: answers to it are collected here. */
    public static final String RELAY_ID = "ScriptedRelay0=";
    private static final Pattern TUNNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the backend answers {@code ready}. */
    public enum ReadyAnswer { ESTABLISHED, SILENCE, UNSUPPORTED_PROTOCOL, BAD_POLICY }

    /** One upgrade request the backend saw, and the status it answered (101 when it accepted). */
    public record UpgradeAttempt(Map<String, String> headers, int status) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /** An answer as the caller would receive it, and the connection it came back on. */
    public record Reply(int status, HttpHeaders headers, byte[] body, String connectionId) {
    }

    private final String token;
    private final Server server;
    private final ServerConnector connector;
    private final List<UpgradeAttempt> upgrades = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Connection> owners = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicLong nonce = new AtomicLong();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile int refuseWith;
    private volatile ReadyAnswer readyAnswer = ReadyAnswer.ESTABLISHED;
    private volatile boolean answerPings = true;
    private volatile boolean shuffleChunks;
    private volatile boolean deliverTwice;
    private volatile String requestBeforeEstablished;
    /** Within the agent's ready timeout in these tests (300 ms), and far more than a local answer takes. */
    private static final java.time.Duration EARLY_REQUEST_HEAD_START = java.time.Duration.ofMillis(150);
    private final CompletableFuture<CompletableFuture<Reply>> earlyRequest = new CompletableFuture<>();
    private volatile long maxBodyBytes = Limits.DEFAULT_MAX_BODY_BYTES;
    private final AtomicInteger answerKeys = new AtomicInteger();
    private volatile String validAnswerKey = nextAnswerKey();
    private final AtomicInteger renewals = new AtomicInteger();
    private final AtomicInteger answerPosts = new AtomicInteger();

    private ScriptedBackend(String token, int port) throws Exception {
        this.token = token;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(Limits.MAX_RECEIVED_MESSAGE_BYTES);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping(PATH, this::upgrade);
        });
        upgrades.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, Response response, org.eclipse.jetty.util.Callback callback)
                throws Exception {
                return answerPosted(request, response, callback);
            }
        });
        context.setHandler(upgrades);
        server.setHandler(context);
        server.start();
    }

    public static ScriptedBackend start(String token) throws Exception {
        return new ScriptedBackend(token, 0);
    }

    /** On a given port: to bring a backend back where an agent expects it. */
    public static ScriptedBackend start(String token, int port) throws Exception {
        return new ScriptedBackend(token, port);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI websocketUrl() {
        return URI.create("ws://127.0.0.1:" + port() + PATH);
    }

    /** Answers every upgrade with this status (0: accept them again). */
    public void refuseUpgrades(int status) {
        refuseWith = status;
    }

    public void answerReady(ReadyAnswer answer) {
        readyAnswer = answer;
    }

    /**
     * On the next {@code ready}, sends a GET for {@code target} to the connection before answering {@code established}, as
     * a backend may once a handshake has claimed the tunnel; {@link #earlyRequest} gives its reply.
     */
    public void sendRequestBeforeEstablished(String target) {
        requestBeforeEstablished = target;
    }

    public CompletableFuture<CompletableFuture<Reply>> earlyRequest() {
        return earlyRequest;
    }

    public void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** Sends every request's chunks in a random order (API Gateway invokes the backend concurrently). */
    public void shuffleChunks(boolean shuffle) {
        shuffleChunks = shuffle;
    }

    /** Delivers every message of a request twice, as a retried post to the agent's connection would. */
    public void deliverTwice(boolean twice) {
        deliverTwice = twice;
    }

    public void maxBodyBytes(long bytes) {
        maxBodyBytes = bytes;
    }

    /** From now on, answers signed with the credentials handed out so far are refused (403), as expired ones are. */
    public void expireAnswerCredentials() {
        validAnswerKey = nextAnswerKey();
    }

    /** How many times an agent asked for fresh answer credentials. */
    public int renewals() {
        return renewals.get();
    }

    /** How many answer messages agents posted to the relay. */
    public int answerPosts() {
        return answerPosts.get();
    }

    private String nextAnswerKey() {
        return "ASIASCRIPTED" + String.format("%08d", answerKeys.incrementAndGet());
    }

    private dev.porthole.protocol.AnswerRoute answerRoute() {
        return new dev.porthole.protocol.AnswerRoute("http://127.0.0.1:" + port() + RELAY_PATH, "us-east-1", validAnswerKey,
            "scripted-secret", "scripted-session", java.time.Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
    }

    /** {@code POST <relay>/@connections/{id}}: an agent's answer, which must be signed with the current credentials. */
    private boolean answerPosted(org.eclipse.jetty.server.Request request, Response response, org.eclipse.jetty.util.Callback callback)
        throws java.io.IOException {
        String path = java.net.URLDecoder.decode(request.getHttpURI().getPath(), java.nio.charset.StandardCharsets.UTF_8);
        if (!request.getMethod().equals("POST") || !path.startsWith(RELAY_PATH + "/@connections/")) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + validAnswerKey + "/")
            || !"scripted-session".equals(request.getHeaders().get("X-Amz-Security-Token"))) {
            response.getHeaders().put("x-amzn-ErrorType", "ForbiddenException");
            response.setStatus(403);
            response.write(true, java.nio.ByteBuffer.wrap("{\"message\":\"The security token included in the request is expired\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
            return true;
        }
        if (!path.endsWith("/" + RELAY_ID)) {
            response.getHeaders().put("x-amzn-ErrorType", "GoneException");
            response.setStatus(410);
            response.write(true, java.nio.ByteBuffer.wrap("{\"message\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
            return true;
        }
        byte[] body;
        try (java.io.InputStream in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        answerPosts.incrementAndGet();
        try {
            relayed(MessageCodec.decode(body));
        } catch (ProtocolException e) {
            // a relay drops what it cannot read
        }
        response.setStatus(200);
        callback.succeeded();
        return true;
    }

    private void relayed(Message message) {
        switch (message) {
            case ResponseHead head -> collect(head.id(), message);
            case BodyChunk chunk -> collect(chunk.id(), message);
            case ErrorMessage error -> {
                Pending p = error.id() == null ? null : pending.remove(error.id());
                if (p != null) {
                    p.reply.completeExceptionally(new IllegalStateException("agent error: " + error.message()));
                }
            }
            default -> { }
        }
    }

    private void collect(String requestId, Message part) {
        Pending p = pending.get(requestId);
        if (p == null) {
            return; // the request already ended: a relay drops late parts
        }
        synchronized (p) {
            try {
                p.assembler.accept(part);
            } catch (ProtocolException e) {
                pending.remove(requestId);
                p.reply.completeExceptionally(e);
                return;
            }
            if (p.assembler.isComplete()) {
                pending.remove(requestId);
                ResponseHead head = (ResponseHead) p.assembler.head();
                p.reply.complete(new Reply(head.status(), head.headers(), p.assembler.body(), p.connection.id));
            }
        }
    }

    public List<UpgradeAttempt> upgrades() {
        return List.copyOf(upgrades);
    }

    public int pingsReceived() {
        return pings.get();
    }

    /** IDs of the connections open now. */
    public List<String> openConnections() {
        return connections.stream().filter(c -> c.session != null && c.session.isOpen()).map(c -> c.id).toList();
    }

    /** The connection that owns {@code tunnelId} now, or null. */
    public String owner(String tunnelId) {
        Connection c = owners.get(tunnelId);
        return c == null ? null : c.id;
    }

    /**
     * Sends a request to the agent that owns {@code tunnelId}, as the backend does: head and chunks of at most
     * 128,000 bytes, with an opaque ID and this backend's relay as {@code replyTo}. The future completes with the
     * agent's answer (posted to the relay), or fails when the agent's connection ends first or the agent reports an
     * error for it. {@link Reply#connectionId()} names the connection the request was sent on.
     */
    public CompletableFuture<Reply> send(String tunnelId, String method, String target, HttpHeaders headers, byte[] body) {
        Connection to = owners.get(tunnelId);
        if (to == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("tunnel " + tunnelId + " is offline"));
        }
        String id = to.id + "-" + nonce.incrementAndGet() + "-" + Long.toHexString(RANDOM.nextLong());
        Pending p = new Pending(to);
        pending.put(id, p);
        try {
            List<String> messages = new ArrayList<>(BodySplitter.split(
                RequestHead.live(id, method, target, headers, "/" + tunnelId, RELAY_ID), body, Limits.MAX_POSTED_MESSAGE_BYTES)
                .stream().map(m -> new String(m, java.nio.charset.StandardCharsets.UTF_8)).toList());
            if (deliverTwice) {
                messages.addAll(List.copyOf(messages));
            }
            if (shuffleChunks) {
                Collections.shuffle(messages);
            }
            for (String m : messages) {
                to.session.sendText(m, Callback.NOOP);
            }
        } catch (ProtocolException e) {
            pending.remove(id);
            return CompletableFuture.failedFuture(e);
        }
        return p.reply;
    }

    /** Tells the agent the backend gave up on a request, as after its deadline. */
    public void giveUp(String requestIdPrefix) {
        pending.forEach((id, p) -> {
            if (id.startsWith(requestIdPrefix) && pending.remove(id, p)) {
                p.connection.send(new ErrorMessage(id, ErrorCode.INTERNAL, "the caller went away"));
                p.reply.completeExceptionally(new IllegalStateException("given up"));
            }
        });
    }

    /** Cuts every connection without a close handshake, as a network failure or a crashed backend would. */
    public void dropConnections() {
        connections.forEach(c -> {
            if (c.session != null) {
                c.session.disconnect();
            }
        });
    }

    @Override
    public void close() {
        dropConnections();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the scripted backend did not stop", e);
        }
    }

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        Map<String, String> headers = new ConcurrentHashMap<>();
        request.getHeaders().forEach(f -> headers.put(f.getName(), f.getValue()));
        UpgradeAttempt seen = new UpgradeAttempt(headers, 0);
        String requested = seen.header(Handshake.TUNNEL_ID_HEADER);
        int status = refuseWith;
        if (status == 0) {
            status = !("Bearer " + token).equals(seen.header(Handshake.AUTHORIZATION_HEADER)) ? 401
                : !Integer.toString(Handshake.PROTOCOL_VERSION).equals(seen.header(Handshake.PROTOCOL_HEADER)) ? 426
                : requested != null && !TUNNEL_ID.matcher(requested).matches() ? 400
                : 101;
        }
        Connection connection = null;
        if (status == 101) {
            synchronized (owners) {
                String tunnelId = requested != null ? requested : randomTunnelId();
                Connection owner = owners.get(tunnelId);
                boolean live = owner != null && owner.session != null && owner.session.isOpen();
                if (live && !owner.resumeToken.equals(seen.header(Handshake.RESUME_HEADER))) {
                    status = 409;
                } else {
                    connection = new Connection("c" + connectionCount.incrementAndGet(), tunnelId);
                    owners.put(tunnelId, connection); // the claim moves at $connect, as on the real backend
                    connections.add(connection);
                }
            }
        }
        upgrades.add(new UpgradeAttempt(headers, status));
        if (connection == null) {
            Response.writeError(request, response, callback, status);
            return null;
        }
        response.getHeaders().put(Handshake.TUNNEL_ID_HEADER, connection.tunnelId);
        return connection;
    }

    private static String randomTunnelId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 13; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private record Pending(Connection connection, BodyAssembler assembler, CompletableFuture<Reply> reply) {
        Pending(Connection connection) {
            this(connection, new BodyAssembler(Limits.DEFAULT_MAX_BODY_BYTES), new CompletableFuture<>());
        }
    }

    /** One agent connection, the backend's side. */
    public final class Connection implements Session.Listener.AutoDemanding {
        final String id;
        final String tunnelId;
        final String resumeToken = Long.toHexString(RANDOM.nextLong());
        volatile Session session;

        Connection(String id, String tunnelId) {
            this.id = id;
            this.tunnelId = tunnelId;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            Message message;
            try {
                message = MessageCodec.decode(text);
            } catch (ProtocolException e) {
                send(e.toErrorMessage(null));
                return;
            }
            switch (message) {
                case Ready ready -> {
                    String early = requestBeforeEstablished;
                    if (early != null) {
                        requestBeforeEstablished = null;
                        earlyRequest.complete(ScriptedBackend.this.send(tunnelId, "GET", early, HttpHeaders.EMPTY, new byte[0]));
                        try {
                            Thread.sleep(EARLY_REQUEST_HEAD_START.toMillis()); // the agent answers before it hears established
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    switch (readyAnswer) {
                        case ESTABLISHED -> send(new Established(tunnelId, "http://127.0.0.1:" + port() + "/" + tunnelId + "/",
                            id, resumeToken, ready.protocol(), maxBodyBytes, false, false, answerRoute(), 0,
                            ROUTE_CACHE.toMillis()));
                        case UNSUPPORTED_PROTOCOL -> send(new ErrorMessage(null, ErrorCode.UNSUPPORTED_PROTOCOL,
                            "protocol " + ready.protocol() + " is not supported"));
                        case BAD_POLICY -> send(new ErrorMessage(null, ErrorCode.BAD_POLICY, "the backend refused the tunnel's "
                            + "traffic rules: rule 1 (verify-webhook): \"gitlab\" is not a provider Porthole knows. Fix that rule and "
                            + "start the tunnel again"));
                        case SILENCE -> { }
                    }
                }
                case Ping ping -> {
                    pings.incrementAndGet();
                    if (answerPings) {
                        send(new Pong(ping.sentAt()));
                    }
                }
                case dev.porthole.protocol.Renew renew -> {
                    renewals.incrementAndGet();
                    send(new dev.porthole.protocol.Renewed(answerRoute()));
                }
                case ResponseHead head -> send(new ErrorMessage(head.id(), ErrorCode.UNKNOWN_REQUEST,
                    "answers to live requests go to the relay named in their replyTo"));
                case BodyChunk chunk -> send(new ErrorMessage(chunk.id(), ErrorCode.UNKNOWN_REQUEST,
                    "answers to live requests go to the relay named in their replyTo"));
                case ErrorMessage error -> relayed(error);
                default -> send(new ErrorMessage(null, ErrorCode.UNKNOWN_TYPE, "unexpected " + message));
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            owners.remove(tunnelId, this);
            // As the real backend's $disconnect: requests waiting on this agent connection fail at once.
            pending.forEach((rid, p) -> {
                if (p.connection == this && pending.remove(rid, p)) {
                    p.reply.completeExceptionally(new IllegalStateException("agent connection " + id + " closed"));
                }
            });
        }

        void send(Message message) {
            Session s = session;
            if (s != null && s.isOpen()) {
                s.sendText(MessageCodec.encode(message), Callback.NOOP);
            }
        }
    }
}
