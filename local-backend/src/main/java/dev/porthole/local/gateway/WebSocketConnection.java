package dev.porthole.local.gateway;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/** One client connection to the WebSocket API. It exists from the start of {@code $connect}, but accepts posts only once open. */
final class WebSocketConnection {
    private final String id;
    private final Instant connectedAt;
    private final String sourceIp;
    private final String userAgent;
    private final ReentrantLock sending = new ReentrantLock();
    private volatile Session session;
    private volatile Instant lastActiveAt;
    private volatile int closeCode;
    private volatile String closeReason;

    WebSocketConnection(String id, Instant connectedAt, String sourceIp, String userAgent) {
        this.id = id;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.lastActiveAt = connectedAt;
    }

    String id() {
        return id;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    String sourceIp() {
        return sourceIp;
    }

    String userAgent() {
        return userAgent;
    }

    Instant lastActiveAt() {
        return lastActiveAt;
    }

    void touch() {
        lastActiveAt = Instant.now();
    }

    void opened(Session openSession) {
        this.session = openSession;
    }

    /** Open means the handshake has completed; until then API Gateway answers posts with 410. */
    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }

    /** Sends one text message, in order with other sends on this connection; waits until it is written. */
    void send(String text) throws IOException {
        Session s = session;
        if (s == null || !s.isOpen()) {
            throw new IOException("connection " + id + " is not open");
        }
        sending.lock();
        try {
            CompletableFuture<Void> written = new CompletableFuture<>();
            s.sendText(text, Callback.from(() -> written.complete(null), written::completeExceptionally));
            written.get(10, TimeUnit.SECONDS);
            touch();
        } catch (ExecutionException e) {
            throw new IOException("sending to " + id + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("sending to " + id + " did not complete within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to " + id, e);
        } finally {
            sending.unlock();
        }
    }

    /** The code and reason for the DISCONNECT event: ours if we closed, else the client's. */
    int disconnectCode(int clientCode) {
        return closeCode != 0 ? closeCode : clientCode;
    }

    String disconnectReason(String clientReason) {
        return closeReason != null ? closeReason : clientReason;
    }

    void drop() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    /**
     * Closes the connection from API Gateway's side. Its {@code $disconnect} reports this code and reason
     * whatever the client echoes, as API Gateway reports its own.
     */
    void close(int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        Session s = session;
        if (s != null) {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }
}
