package dev.porthole.agent.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porthole.agent.FailureReason;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.protocol.AnswerRoute;
import dev.porthole.protocol.AnsweredByRule;
import dev.porthole.protocol.BodyAssembler;
import dev.porthole.protocol.BodyChunk;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ping;
import dev.porthole.protocol.Pong;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.Ready;
import dev.porthole.protocol.Renew;
import dev.porthole.protocol.Renewed;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One WebSocket to the backend: the protocol on top of it (ready → established, requests reassembled from
 * their chunks, ping → pong) and its end. Answers to live requests do not go back on this WebSocket: each is
 * posted straight to the relay its request names ({@code replyTo}), through the backend's relay API, with the
 * credentials {@code established} handed out (renewed before they expire). Answers to requests kept while the
 * tunnel was offline go back here. Several connections can be open at once for one tunnel during a planned
 * reconnect; each answers only the requests it received.
 */
public final class BackendConnection extends Endpoint {
    private static final System.Logger LOG = System.getLogger(BackendConnection.class.getName());
    /** A send that takes longer than this means the connection is stuck; it is then treated as lost. */
    private static final long SEND_TIMEOUT_MS = 30_000;
    /** A request still incomplete after this long will never be answered by the backend. */
    private static final long STALE_ASSEMBLY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestHandler handler;
    private final ScheduledExecutorService timer;
    private final TrafficPolicy policy;
    private static final Duration DEFAULT_ROUTE_CACHE = Duration.ofSeconds(30);
    /** For a request the backend posted just before its remembered route expired, still on its way. */
    private static final Duration ROUTE_CACHE_MARGIN = Duration.ofSeconds(1);
    /** How long an answer to a request that came before {@code established} waits for the answer route. */
    private static final Duration ESTABLISHED_WAIT_FOR_ANSWERS = Duration.ofSeconds(10);
    private final CompletableFuture<Established> established = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Map<String, Assembly> assembling = new ConcurrentHashMap<>();
    /**
     * IDs of requests already put together: a chunk the backend delivers twice (a retried post) must not start a
     * second assembly that would never complete.
     */
    private final Set<String> assembled = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 4_096;
        }
    });
    /** Requests the backend stopped waiting for (it sent an error with their ID): their answers are not sent. */
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    /** Requests handed to the {@link RequestHandler} and not yet answered. */
    private final Set<String> forwarding = ConcurrentHashMap.newKeySet();
    /** Live requests handed to the {@link RequestHandler}: the relay each one's answer goes to. */
    private final Map<String, String> replyTo = new ConcurrentHashMap<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Object renewal = new Object();
    private volatile AnswerPoster answers;
    private volatile CompletableFuture<AnswerPoster> renewed;
    private volatile String claimedTunnelId;
    private volatile Session session;
    private volatile long lastPongSentAt = -1;
    private volatile ScheduledFuture<?> heartbeat;
    private volatile boolean closing;

    BackendConnection(RequestHandler handler, ScheduledExecutorService timer, TrafficPolicy policy) {
        this.handler = handler;
        this.timer = timer;
        this.policy = policy;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        session.setMaxTextMessageBufferSize(Limits.MAX_RECEIVED_MESSAGE_BYTES);
        session.setMaxIdleTimeout(0); // our heartbeat decides when the connection is dead
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        String why = reason.getCloseCode().getCode() + (reason.getReasonPhrase() == null || reason.getReasonPhrase().isEmpty()
            ? "" : " " + reason.getReasonPhrase());
        ended((closing ? "closed by the agent (" : "closed by the backend (") + why + ")");
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.log(DEBUG, "WebSocket error", error);
        if (session == null || !session.isOpen()) {
            ended("connection lost: " + describe(error));
        }
    }

    /** The backend's {@code established}, or why it did not come. */
    Established awaitEstablished(Duration timeout) throws TunnelRefused, InterruptedException {
        try {
            send(List.of(MessageCodec.encode(new Ready(Handshake.PROTOCOL_VERSION, AgentVersion.PRODUCT, policyTree()))));
        } catch (IOException e) {
            throw new TunnelRefused(FailureReason.BACKEND_UNREACHABLE,
                "the connection ended before the agent could say it was ready: " + e.getMessage(), e);
        }
        try {
            return established.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TunnelRefused(FailureReason.BACKEND_UNREACHABLE,
                "the backend accepted the connection but did not confirm the tunnel within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TunnelRefused refused) {
                throw refused;
            }
            throw new TunnelRefused(FailureReason.INTERNAL, describe(e.getCause()), e.getCause());
        }
    }

    /** The rules as {@link Ready#policy()} carries them, secrets included; null without rules. */
    private JsonNode policyTree() {
        if (policy.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(PolicyJson.encode(policy));
        } catch (IOException e) {
            throw new IllegalStateException("the policy's own JSON form could not be read back", e);
        }
    }

    /** The tunnel ID the backend's handshake answer named, before {@code established}; null if it named none. */
    String claimedTunnelId() {
        return claimedTunnelId;
    }

    void claimed(String tunnelId) {
        claimedTunnelId = tunnelId;
    }

    /** What {@code established} said; null before it came. */
    public Established established() {
        return established.getNow(null);
    }

    private void onText(String text) {
        Message message;
        try {
            message = MessageCodec.decode(text);
        } catch (ProtocolException e) {
            if (GatewayNotice.of(text).isPresent()) {
                // API Gateway's own word: a message of ours it throttled, or whose function failed; never answered
                LOG.log(INFO, "the backend's API Gateway says: {0}", GatewayNotice.of(text).get());
                return;
            }
            LOG.log(WARNING, "the backend sent a message this agent cannot read: {0}", e.getMessage());
            sendQuietly(e.toErrorMessage(null));
            return;
        }
        switch (message) {
            case Established e -> {
                if (e.answers() == null) {
                    established.completeExceptionally(new TunnelRefused(FailureReason.PROTOCOL_REFUSED,
                        "the backend did not say where answers go (it is older than this agent): update the backend"));
                    return;
                }
                useAnswerRoute(e.answers());
                established.complete(e);
            }
            case Renewed r -> useAnswerRoute(r.answers());
            case RequestHead head -> assemble(head.id(), message);
            case BodyChunk chunk -> assemble(chunk.id(), message);
            case Pong pong -> lastPongSentAt = Math.max(lastPongSentAt, pong.sentAt());
            case AnsweredByRule notice -> handler.onAnsweredByRule(notice);
            case ErrorMessage error -> onError(error);
            default -> {
                LOG.log(DEBUG, "ignoring a {0} message", message.getClass().getSimpleName());
                sendQuietly(new ErrorMessage(null, ErrorCode.UNKNOWN_TYPE, "an agent does not take this message"));
            }
        }
    }

    private void onError(ErrorMessage error) {
        if (error.id() != null) {
            // The backend gave up on this request (its deadline passed, or the caller went away).
            if (assembling.remove(error.id()) == null && forwarding.contains(error.id())) {
                abandoned.add(error.id());
            }
            LOG.log(DEBUG, "the backend gave up on request {0}: {1}", error.id(), error.message());
            return;
        }
        if (!established.isDone()) {
            // refused rules are not worth retrying: the same rules would be refused again
            FailureReason reason = switch (error.errorCode()) {
                case UNSUPPORTED_PROTOCOL -> FailureReason.PROTOCOL_REFUSED;
                case BAD_POLICY -> FailureReason.RULES_REFUSED;
                case null, default -> FailureReason.INTERNAL;
            };
            established.completeExceptionally(new TunnelRefused(reason, "the backend refused the tunnel: " + error.message()));
            return;
        }
        LOG.log(WARNING, "the backend reported an error: {0} ({1})", error.message(), error.code());
    }

    private void assemble(String id, Message part) {
        synchronized (assembled) {
            if (assembled.contains(id)) {
                LOG.log(DEBUG, "ignoring a repeated part of request {0}", id);
                return;
            }
        }
        Assembly assembly = assembling.computeIfAbsent(id, k -> new Assembly(new BodyAssembler(maxBodyBytes()), System.nanoTime()));
        BodyAssembler assembler = assembly.assembler();
        RequestHead head;
        byte[] body;
        synchronized (assembler) {
            try {
                assembler.accept(part);
            } catch (ProtocolException e) {
                assembling.remove(id);
                LOG.log(WARNING, "request {0} could not be put together: {1}", id, e.getMessage());
                sendQuietly(e.toErrorMessage(id));
                return;
            }
            if (!assembler.isComplete()) {
                return;
            }
            synchronized (assembled) {
                if (!assembled.add(id)) {
                    return; // a repeated part completed it a second time
                }
            }
            forwarding.add(id); // before it leaves assembling, so it is never out of inFlight()
            assembling.remove(id, assembly);
            head = (RequestHead) assembler.head();
            body = assembler.body();
            if (head.replyTo() != null) {
                replyTo.put(id, head.replyTo());
            }
        }
        try {
            handler.onRequest(this, head, body, Instant.now());
        } catch (RuntimeException e) {
            forwarding.remove(id);
            LOG.log(WARNING, "request " + id + " could not be handled", e);
            ErrorMessage failed = new ErrorMessage(id, ErrorCode.REQUEST_FAILED, "the agent could not handle the request");
            String relay = replyTo.remove(id);
            if (relay == null) {
                sendQuietly(failed);
            } else {
                postAnswer(relay, List.of(MessageCodec.encodeToBytes(failed)));
            }
        }
    }

    /**
     * Sends the answer to a request this connection delivered, split into messages that fit, and ends the
     * request's turn on this connection.
     *
     * @return null when sent, otherwise why it could not be (the connection is gone, the backend gave up)
     */
    public String respond(ResponseHead head, byte[] body) {
        String relay = replyTo.remove(head.id());
        try {
            if (abandoned.remove(head.id())) {
                return "the backend had stopped waiting for the answer";
            }
            List<byte[]> messages;
            try {
                messages = BodySplitter.split(head, body, relay == null ? Limits.MAX_MESSAGE_BYTES : Limits.MAX_POSTED_MESSAGE_BYTES);
            } catch (ProtocolException e) {
                ErrorMessage failed = e.toErrorMessage(head.id());
                if (relay == null) {
                    sendQuietly(failed);
                } else {
                    postAnswer(relay, List.of(MessageCodec.encodeToBytes(failed)));
                }
                return "the response could not be sent: " + e.getMessage();
            }
            if (relay != null) {
                return postAnswer(relay, messages);
            }
            try {
                send(messages.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList());
                return null;
            } catch (IOException e) {
                return "the connection to the backend was lost before the answer was sent";
            }
        } finally {
            forwarding.remove(head.id());
        }
    }

    /** Answers are posted this many at a time: a 5 MB body is about 55 posts. */
    private static final int PARALLEL_POSTS = 4;

    /**
     * Posts an answer's messages to the relay waiting for it, the head first and the rest a few at a time (the relay
     * puts them together in any order).
     *
     * @return null when every message was posted, otherwise why not
     */
    private String postAnswer(String relay, List<byte[]> messages) {
        String failure = postOne(relay, messages.get(0));
        if (failure != null || messages.size() == 1) {
            return failure;
        }
        List<byte[]> rest = messages.subList(1, messages.size());
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_POSTS);
        try (var posts = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (byte[] message : rest) {
                slots.acquireUninterruptibly();
                if (firstFailure.get() != null) {
                    slots.release();
                    break;
                }
                posts.execute(() -> {
                    try {
                        String why = postOne(relay, message);
                        if (why != null) {
                            firstFailure.compareAndSet(null, why);
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return firstFailure.get();
    }

    private String postOne(String relay, byte[] message) {
        AnswerPoster poster = answers != null ? answers : awaitAnswerRoute();
        if (poster == null) {
            return "the backend did not say where answers go";
        }
        AnswerPoster.Outcome outcome = poster.post(relay, message);
        if (outcome == AnswerPoster.Outcome.REFUSED) {
            // the credentials expired (a laptop that slept through the renewal): renew and try once more
            AnswerPoster fresh = renewNow(poster);
            outcome = fresh == null ? outcome : fresh.post(relay, message);
        }
        return switch (outcome) {
            case SENT -> null;
            case RELAY_GONE -> {
                LOG.log(WARNING, "an answer could not reach the backend's relay, which is gone; the caller gets a 502 from the backend");
                yield "the backend's relay for this request is gone";
            }
            case REFUSED -> "the backend's relay refused the agent's answer credentials";
            case FAILED -> "the answer could not be posted to the backend's relay";
        };
    }

    /** Starts using a route (after {@code established} or a renewal) and schedules the next renewal. */
    private void useAnswerRoute(AnswerRoute route) {
        AnswerPoster previous;
        AnswerPoster next = new AnswerPoster(route);
        synchronized (renewal) {
            previous = answers;
            answers = next;
            if (renewed != null) {
                renewed.complete(next);
                renewed = null;
            }
        }
        if (previous != null) {
            // answers in flight may still use it for a moment
            timer.schedule(previous::close, 30, TimeUnit.SECONDS);
        }
        long left = route.expiresAt() - Instant.now().getEpochSecond();
        long renewIn = Math.max(30, left * 2 / 3);
        timer.schedule(() -> {
            if (!closed.isDone() && answers == next) {
                sendQuietly(new Renew());
            }
        }, renewIn, TimeUnit.SECONDS);
    }

    /**
     * The answer route, once {@code established} brings it. A backend may route a request to this connection as soon as
     * its handshake claimed the tunnel — on a planned reconnect, before {@code ready} has been answered — so a request
     * can arrive first; its answer waits for the route instead of failing. Null if it does not come.
     */
    private AnswerPoster awaitAnswerRoute() {
        try {
            established.get(ESTABLISHED_WAIT_FOR_ANSWERS.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(DEBUG, "no answer route for a request that came before established: {0}", e.toString());
        }
        return answers;
    }

    /** Asks for fresh answer credentials now and waits for them a little; null if none came. */
    private AnswerPoster renewNow(AnswerPoster stale) {
        CompletableFuture<AnswerPoster> waiting;
        synchronized (renewal) {
            if (answers != stale) {
                return answers;
            }
            if (renewed == null) {
                renewed = new CompletableFuture<>();
                sendQuietly(new Renew());
            }
            waiting = renewed;
        }
        try {
            return waiting.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** The body limit the backend announced; the protocol default until it has. */
    public long maxBodyBytes() {
        Established e = established.getNow(null);
        return e == null || e.maxBodyBytes() <= 0 ? Limits.DEFAULT_MAX_BODY_BYTES : e.maxBodyBytes();
    }

    /**
     * Pings every {@code interval}; a ping still unanswered after {@code pongTimeout} ends the connection, so a
     * link that died silently (a laptop waking from sleep, a NAT that forgot us) is noticed and replaced.
     */
    void startHeartbeat(Duration interval, Duration pongTimeout) {
        long every = interval.toMillis();
        heartbeat = timer.scheduleAtFixedRate(() -> {
            dropStaleAssemblies();
            long sentAt = System.currentTimeMillis();
            sendQuietly(new Ping(sentAt));
            timer.schedule(() -> {
                if (lastPongSentAt < sentAt && !closed.isDone() && !closing) {
                    LOG.log(INFO, "no pong from the backend within {0} ms; treating the connection as lost", pongTimeout.toMillis());
                    abort("the backend stopped answering pings");
                }
            }, pongTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Forgets requests whose remaining chunks never came: the backend gave up on them long ago (its deadline
     * is 25 s), and they would otherwise hold memory and keep a replaced connection from closing.
     */
    private void dropStaleAssemblies() {
        long now = System.nanoTime();
        assembling.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue().startedAt() > STALE_ASSEMBLY_NANOS;
            if (stale) {
                LOG.log(INFO, "dropping request {0}: the rest of its body never arrived", e.getKey());
            }
            return stale;
        });
    }

    /** Waits until the connection ends or {@code deadline} passes; true when it ended. */
    boolean awaitEnd(Instant deadline) throws InterruptedException {
        long millis = Duration.between(Instant.now(), deadline).toMillis();
        if (millis <= 0) {
            return closed.isDone();
        }
        try {
            closed.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Completes, with the reason, when the connection ends. */
    CompletableFuture<String> closedFuture() {
        return closed.copy();
    }

    boolean isEnded() {
        return closed.isDone();
    }

    /** Why the connection ended; null while it is open. */
    String endReason() {
        return closed.getNow(null);
    }

    /** Requests received on this connection and not yet answered (including ones still arriving). */
    int inFlight() {
        return forwarding.size() + assembling.size();
    }

    /**
     * Ends a connection that a newer one replaced: no more pings; it goes on serving the requests the backend sends it
     * for as long as the backend may still route here ({@link #routedHereFor}), then closes normally once it has answered
     * them all, or {@code drainTimeout} later at the latest.
     */
    void retire(Duration drainTimeout) {
        closing = true;
        stopHeartbeat();
        long servedUntil = System.nanoTime() + routedHereFor().toNanos();
        long giveUpAt = servedUntil + drainTimeout.toNanos();
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (closed.isDone()) {
                return;
            }
            long at = System.nanoTime();
            if (at >= servedUntil && (inFlight() == 0 || at > giveUpAt)) {
                if (inFlight() > 0) {
                    LOG.log(WARNING, "closing a replaced connection with {0} requests still unanswered", inFlight());
                }
                close(CloseReason.CloseCodes.NORMAL_CLOSURE, "replaced by a newer connection");
            } else {
                timer.schedule(check[0], Math.max(50, Math.min(TimeUnit.NANOSECONDS.toMillis(servedUntil - at), 1_000)),
                    TimeUnit.MILLISECONDS);
            }
        };
        timer.execute(check[0]);
    }

    /**
     * How long the backend may still send requests here once the tunnel has moved to a newer connection: its functions
     * remember a tunnel's connection for a while, and a request posted to a connection that closes under it is lost.
     * A backend that does not say remembers for 30 s, as every version so far has.
     */
    private Duration routedHereFor() {
        Established e = established.getNow(null);
        long millis = e == null || e.routeCacheMillis() <= 0 ? DEFAULT_ROUTE_CACHE.toMillis() : e.routeCacheMillis();
        return Duration.ofMillis(millis).plus(ROUTE_CACHE_MARGIN);
    }

    /** Closes the connection with a close frame. */
    void close(CloseReason.CloseCode code, String phrase) {
        closing = true;
        stopHeartbeat();
        Session s = session;
        try {
            if (s != null && s.isOpen()) {
                s.close(new CloseReason(code, phrase));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(DEBUG, "closing the WebSocket failed", e);
        }
        ended("closed by the agent (" + phrase + ")");
    }

    /** Treats the connection as lost now, without waiting for a close handshake a dead link would never finish. */
    void abort(String why) {
        ended(why);
        stopHeartbeat();
        Session s = session;
        if (s != null) {
            Thread.ofVirtual().name("porthole-abort").start(() -> {
                try {
                    s.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "no answer to pings"));
                } catch (IOException | RuntimeException e) {
                    LOG.log(DEBUG, "closing a dead WebSocket failed", e);
                }
            });
        }
    }

    private void ended(String why) {
        stopHeartbeat();
        if (closed.complete(why)) {
            closeAnswers();
            established.completeExceptionally(new TunnelRefused(FailureReason.BACKEND_UNREACHABLE,
                "the connection ended before the backend confirmed the tunnel: " + why));
            assembling.clear();
        }
    }

    private void closeAnswers() {
        AnswerPoster poster = answers;
        if (poster != null) {
            timer.schedule(poster::close, 30, TimeUnit.SECONDS);
        }
    }

    private void stopHeartbeat() {
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
    }

    private void send(List<String> messages) throws IOException {
        for (String text : messages) {
            Session s = session;
            if (s == null || !s.isOpen() || closed.isDone()) {
                throw new IOException("the connection is closed");
            }
            // One message at a time per connection, so a large answer's chunks interleave with small answers
            // instead of holding them up until it is done.
            sendLock.lock();
            try {
                if (text.length() > FRAME_CHARS && utf8Length(text) > Limits.MAX_MESSAGE_BYTES) {
                    sendInFrames(s, text);
                } else {
                    s.getAsyncRemote().sendText(text).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                if (e instanceof TimeoutException) {
                    abort("sending to the backend stalled for " + SEND_TIMEOUT_MS / 1000 + " s");
                }
                throw new IOException("sending to the backend failed: " + describe(e), e);
            } finally {
                sendLock.unlock();
            }
        }
    }

    /**
     * Characters per frame: API Gateway closes a connection that sends a frame over 32 KB (1009), so a message longer than
     * {@link Limits#MAX_MESSAGE_BYTES} (only a {@code ready} with many rules is) goes in several frames of at most 8,000
     * characters — at most 32,000 bytes of UTF-8. Every other message fits one frame, as before.
     */
    private static final int FRAME_CHARS = Limits.MAX_MESSAGE_BYTES / 4;

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void sendInFrames(Session s, String text) throws IOException {
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + FRAME_CHARS);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // never split a character in two
            }
            s.getBasicRemote().sendText(text.substring(at, end), end == text.length());
            at = end;
        }
    }

    private void sendQuietly(Message message) {
        try {
            send(List.of(MessageCodec.encode(message)));
        } catch (IOException e) {
            LOG.log(DEBUG, "could not send {0}: {1}", message.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** One request being put together, and since when. */
    private record Assembly(BodyAssembler assembler, long startedAt) {
    }

    static String describe(Throwable t) {
        if (t instanceof ExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
