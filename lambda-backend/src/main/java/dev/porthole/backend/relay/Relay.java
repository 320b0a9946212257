package dev.porthole.backend.relay;

import dev.porthole.backend.auth.Keys;
import dev.porthole.backend.auth.RelayCredentials;
import dev.porthole.protocol.BodyChunk;
import dev.porthole.protocol.BodyHead;
import dev.porthole.protocol.ConnectionGone;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.WhoAmI;
import dev.porthole.protocol.YouAre;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This execution environment's own WebSocket to the WebSocket API, through which agents' answers reach
 * the public requests waiting here (see docs/architecture.md, "the relay"). It opens lazily — never during
 * init, so no connection is frozen into a SnapStart snapshot — and is replaced before API Gateway's idle
 * (10 min) or age (2 h) limit could close it under a waiting request.
 */
public final class Relay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Relay.class.getName());
    static final Duration MAX_AGE = Duration.ofMinutes(100);
    static final Duration MAX_IDLE = Duration.ofMinutes(5);

    private final URI websocketUrl;
    private final RelayCredentials credentials;
    private final Keys keys;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Map<String, PendingResponse> pending = new ConcurrentHashMap<>();
    private HttpClient http;
    private Link link;

    public Relay(URI websocketUrl, RelayCredentials credentials, Keys keys, Clock clock, long maxBodyBytes) {
        this.websocketUrl = websocketUrl;
        this.credentials = credentials;
        this.keys = keys;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Prepares to receive the answer to a request about to be sent to {@code agentConnectionId}: opens the
     * relay if needed and registers a waiter under a fresh ticket, whose ID the request must carry.
     * Call {@link #forget} when done with it.
     */
    public PendingResponse expect(String agentConnectionId, Duration openTimeout) throws RelayException {
        Link current = usableLink(openTimeout);
        RequestTicket ticket = RequestTicket.issue(keys, current.connectionId, agentConnectionId);
        PendingResponse waiter = new PendingResponse(ticket, agentConnectionId, current, maxBodyBytes);
        pending.put(ticket.id(), waiter);
        if (current.closed) {
            // closed between the check and the registration: fail now rather than wait out the deadline
            waiter.fail(RelayException.Kind.RELAY_LOST, "the relay connection closed");
        }
        return waiter;
    }

    public void forget(PendingResponse waiter) {
        pending.remove(waiter.ticket().id());
        Link from = waiter.link();
        if (from.retiring && pending.values().stream().noneMatch(w -> w.link() == from)) {
            from.close();
        }
    }

    /** How many requests wait here now; for tests and diagnostics. */
    public int waiting() {
        return pending.size();
    }

    private synchronized Link usableLink(Duration timeout) throws RelayException {
        Instant now = clock.instant();
        if (link != null && link.usable(now)) {
            return link;
        }
        if (link != null) {
            retire(link);
        }
        link = open(timeout);
        return link;
    }

    /** Closes a replaced link once no request waits on it any more, so none loses its answer. */
    private void retire(Link old) {
        old.retiring = true;
        if (pending.values().stream().noneMatch(w -> w.link() == old)) {
            old.close();
        }
    }

    private Link open(Duration timeout) throws RelayException {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        Link opening = new Link(clock.instant());
        try {
            WebSocket socket = http.newWebSocketBuilder()
                .header(RelayCredentials.HEADER, credentials.headerValue())
                .connectTimeout(timeout)
                .buildAsync(websocketUrl, opening)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            opening.socket = socket;
            socket.sendText(MessageCodec.encode(new WhoAmI()), true);
            opening.connectionId = opening.identity.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.DEBUG, "relay open as connection {0}", opening.connectionId);
            return opening;
        } catch (ExecutionException e) {
            opening.close();
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "cannot open the relay connection to " + websocketUrl + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            opening.close();
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "the relay connection to " + websocketUrl + " did not open within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.close();
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "interrupted while opening the relay", e);
        }
    }

    private void dispatch(Link from, String text) {
        Message message;
        try {
            message = MessageCodec.decode(text);
        } catch (ProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, "relay received an unreadable message: {0}", e.getMessage());
            return;
        }
        switch (message) {
            case YouAre you -> from.identity.complete(you.connectionId());
            case ConnectionGone gone -> pending.values().stream()
                .filter(w -> w.agentConnectionId().equals(gone.connectionId()))
                .forEach(w -> w.fail(RelayException.Kind.AGENT_GONE, "the agent disconnected before answering"));
            case BodyHead head -> deliver(head.id(), message);
            case BodyChunk chunk -> deliver(chunk.id(), message);
            case ErrorMessage error when error.id() != null -> deliver(error.id(), message);
            default -> LOG.log(System.Logger.Level.DEBUG, "relay ignores {0}", message.getClass().getSimpleName());
        }
    }

    private void deliver(String requestId, Message message) {
        PendingResponse waiter = pending.get(requestId);
        if (waiter != null) {
            waiter.accept(message);
        }
        // else: the request already ended (answered, timed out); late parts are dropped
    }

    private void lost(Link lost, String why) {
        pending.values().stream().filter(w -> w.link() == lost)
            .forEach(w -> w.fail(RelayException.Kind.RELAY_LOST, "the relay connection closed while waiting: " + why));
    }

    @Override
    public synchronized void close() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** One relay WebSocket. */
    final class Link implements WebSocket.Listener {
        private final Instant openedAt;
        private final CompletableFuture<String> identity = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private volatile String connectionId;
        private volatile Instant lastActive;
        private volatile boolean closed;
        private volatile boolean retiring;

        Link(Instant openedAt) {
            this.openedAt = openedAt;
            this.lastActive = openedAt;
        }

        boolean usable(Instant now) {
            return !closed && connectionId != null
                && Duration.between(openedAt, now).compareTo(MAX_AGE) < 0
                && Duration.between(lastActive, now).compareTo(MAX_IDLE) < 0;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                lastActive = clock.instant();
                dispatch(this, text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(String.valueOf(error));
        }

        private void ended(String why) {
            closed = true;
            identity.completeExceptionally(new IllegalStateException("relay closed: " + why));
            lost(this, why);
        }

        void close() {
            closed = true;
            WebSocket s = socket;
            if (s != null) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "replaced").exceptionally(e -> null);
            }
        }
    }
}
