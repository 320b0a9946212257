package dev.porthole.backend.relay;

import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.WhoAmI;
import dev.porthole.protocol.YouAre;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One relay WebSocket to the relay API. It learns its own connection ID by sending {@link WhoAmI}, which the relay
 * API's {@code $default} answers with {@link YouAre} from a mapping template — no function involved — and the same
 * question, asked again, proves it is still alive: a connection can die while its environment is frozen without
 * the environment hearing of it.
 */
final class RelayLink implements WebSocket.Listener {
    private static final System.Logger LOG = System.getLogger(RelayLink.class.getName());

    private final Instant openedAt;
    private final BiConsumer<RelayLink, Message> dispatch;
    private final Runnable onLost;
    private final CompletableFuture<String> identity = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object probing = new Object();
    private CompletableFuture<Boolean> probe;
    private volatile WebSocket socket;
    private volatile String connectionId;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean retiring;

    private RelayLink(Instant openedAt, BiConsumer<RelayLink, Message> dispatch, Runnable onLost) {
        this.openedAt = openedAt;
        this.dispatch = dispatch;
        this.onLost = onLost;
    }

    /** Opens a relay and learns its connection ID, or fails within {@code timeout}. */
    static RelayLink open(HttpClient http, URI url, Map<String, String> signedHeaders, Duration timeout, Instant now,
                          BiConsumer<RelayLink, Message> dispatch, java.util.function.Consumer<RelayLink> onLost) throws RelayException {
        RelayLink[] self = new RelayLink[1];
        RelayLink link = new RelayLink(now, dispatch, () -> onLost.accept(self[0]));
        self[0] = link;
        try {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
            signedHeaders.forEach(builder::header);
            link.socket = builder.buildAsync(url, link).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            link.socket.sendText(MessageCodec.encode(new WhoAmI()), true);
            link.connectionId = link.identity.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.DEBUG, "relay open");
            return link;
        } catch (ExecutionException e) {
            link.close();
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "cannot open the relay connection: " + e.getCause(), e);
        } catch (TimeoutException e) {
            link.close();
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "the relay connection did not open within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.close();
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "interrupted while opening the relay", e);
        }
    }

    String connectionId() {
        return connectionId;
    }

    Instant openedAt() {
        return openedAt;
    }

    boolean isClosed() {
        return closed;
    }

    boolean retiring() {
        return retiring;
    }

    void retire() {
        retiring = true;
    }

    /** How long nothing has arrived on this connection. */
    Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
    }

    /**
     * Asks the relay API who this connection is and waits for the answer: true when it came (the connection
     * works both ways). Concurrent callers share one question. A connection that does not answer is closed.
     */
    boolean probe(Duration timeout) {
        if (closed) {
            return false;
        }
        CompletableFuture<Boolean> answer;
        boolean ask = false;
        synchronized (probing) {
            if (probe == null || probe.isDone()) {
                probe = new CompletableFuture<>();
                ask = true;
            }
            answer = probe;
        }
        if (ask) {
            socket.sendText(MessageCodec.encode(new WhoAmI()), true).exceptionally(e -> {
                answer.complete(false);
                return null;
            });
        }
        boolean alive;
        try {
            alive = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            alive = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!alive) {
            ended("it did not answer within " + timeout.toMillis() + " ms");
            abort();
        }
        return alive;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last && partial.isEmpty()) {
            // a message in one frame: no need to put it together
            lastHeardNanos = System.nanoTime();
            received(data.toString());
            webSocket.request(1);
            return null;
        }
        if (data instanceof CharBuffer chars && chars.hasArray()) {
            // in bulk: StringBuilder.append(CharSequence) copies a CharBuffer one charAt at a time
            partial.append(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
        } else {
            partial.append(data);
        }
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            lastHeardNanos = System.nanoTime();
            received(text);
        }
        webSocket.request(1);
        return null;
    }

    private void received(String text) {
        Message message;
        try {
            message = MessageCodec.decode(text);
        } catch (ProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, "the relay received an unreadable message: {0}", e.getMessage());
            return;
        }
        if (message instanceof YouAre you) {
            identity.complete(you.connectionId());
            synchronized (probing) {
                if (probe != null) {
                    probe.complete(true);
                }
            }
            return;
        }
        dispatch.accept(this, message);
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
        if (closed) {
            return;
        }
        closed = true;
        LOG.log(System.Logger.Level.DEBUG, "relay connection ended: {0}", why);
        identity.completeExceptionally(new IllegalStateException("relay closed: " + why));
        synchronized (probing) {
            if (probe != null) {
                probe.complete(false);
            }
        }
        onLost.run();
    }

    /** Closes with a close frame (a replaced relay). */
    void close() {
        closed = true;
        WebSocket s = socket;
        if (s != null) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "replaced").exceptionally(e -> null);
        }
    }

    /** Drops a connection that stopped answering, without waiting for a close handshake it would never finish. */
    private void abort() {
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }
}
