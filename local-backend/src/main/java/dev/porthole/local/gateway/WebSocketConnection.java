package dev.porthole.local.gateway;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection to a WebSocket API. It exists from the start of {@code $connect}, but accepts posts only once
 * open. Messages go out in frames of at most 32 KB, as API Gateway sends them.
 *
 * <p>A connection opened by an execution environment (a relay) follows that environment's life: while it is frozen,
 * what API Gateway sends it waits (as bytes wait in a socket nobody reads) and is delivered when it thaws; when it is
 * reclaimed abruptly, the connection is <em>severed</em> — API Gateway still thinks it open, accepts posts into the
 * void and hears nothing more from it, until its idle timeout closes it.
 */
final class WebSocketConnection {
    static final int MAX_FRAME_BYTES = 32 * 1024;
    /** What a frozen environment's socket buffers can hold; beyond it, further messages are lost as on a full socket. */
    private static final int MAX_HELD_BYTES = 4 * 1024 * 1024;
    /** Characters queued for a client that has not read them yet, past which senders wait: a whole 6 MB answer fits. */
    static final long MAX_UNSENT_BYTES = 8L * 1024 * 1024;

    private final String id;
    private final String apiId;
    private final Instant connectedAt;
    private final String sourceIp;
    private final String userAgent;
    private final Optional<String> environment;
    private final ReentrantLock sending = new ReentrantLock();
    private final Deque<String> held = new ArrayDeque<>();
    private int heldBytes;
    private final java.util.concurrent.atomic.AtomicLong unsent = new java.util.concurrent.atomic.AtomicLong();
    private volatile Throwable writeFailure;
    private volatile Session session;
    private volatile Instant lastActiveAt;
    private volatile int closeCode;
    private volatile String closeReason;
    private volatile boolean frozen;
    private volatile boolean severed;
    private boolean closeHeld;

    WebSocketConnection(String id, String apiId, Instant connectedAt, String sourceIp, String userAgent, Optional<String> environment) {
        this.id = id;
        this.apiId = apiId;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.environment = environment;
        this.lastActiveAt = connectedAt;
    }

    String id() {
        return id;
    }

    String apiId() {
        return apiId;
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

    /** The execution environment that opened this connection, if one did. */
    Optional<String> environment() {
        return environment;
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
        return s != null && (s.isOpen() || severed);
    }

    boolean isSevered() {
        return severed;
    }

    /**
     * Sends one text message, in order with other sends on this connection, in frames of at most 32 KB. It returns
     * once the message is queued for the client, as a post to API Gateway returns once API Gateway has it: a client
     * that reads slowly holds up its own messages, not whoever posts to it. Only when more than
     * {@link #MAX_UNSENT_BYTES} wait for it does a send wait for room. To a frozen environment's connection it is held;
     * to a severed one it is lost.
     */
    void send(String text) throws IOException {
        sending.lock();
        try {
            if (severed) {
                touch();
                return;
            }
            if (frozen) {
                hold(text);
                touch();
                return;
            }
            write(text);
            touch();
        } finally {
            sending.unlock();
        }
    }

    private void hold(String text) {
        int bytes = text.length();
        if (heldBytes + bytes <= MAX_HELD_BYTES) {
            held.addLast(text);
            heldBytes += bytes;
        }
    }

    private void write(String text) throws IOException {
        Session s = session;
        if (s == null || !s.isOpen()) {
            throw new IOException("connection " + id + " is not open");
        }
        Throwable failed = writeFailure;
        if (failed != null) {
            throw new IOException("sending to " + id + " failed: " + failed, failed);
        }
        int[] cuts = frameBoundaries(text);
        int from = 0;
        for (int i = 0; i < cuts.length; i++) {
            String frame = text.substring(from, cuts[i]);
            long size = frame.length();
            awaitRoomFor(size);
            unsent.addAndGet(size);
            s.sendPartialText(frame, i == cuts.length - 1, Callback.from(() -> written(size), e -> {
                writeFailure = e;
                written(size);
            }));
            from = cuts[i];
        }
    }

    private void written(long size) {
        unsent.addAndGet(-size);
        synchronized (unsent) {
            unsent.notifyAll();
        }
    }

    private void awaitRoomFor(long size) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (unsent) {
            while (unsent.get() > 0 && unsent.get() + size > MAX_UNSENT_BYTES) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("connection " + id + " has not taken " + unsent.get() + " bytes sent to it within 10 s");
                }
                try {
                    unsent.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending to " + id, e);
                }
            }
        }
    }

    /**
     * Where to cut {@code text} so each frame's UTF-8 form is at most 32 KB, never inside a character. One pass over
     * the characters, counting their UTF-8 bytes (a surrogate pair is one 4-byte character, never cut apart) — unless
     * every character is one byte (the messages Porthole sends: JSON with base64 bodies), which the JDK's own encoder
     * tells at memory speed, and a frame is simply every 32 KB of characters.
     */
    static int[] frameBoundaries(String text) {
        int length = text.length();
        if (length <= MAX_FRAME_BYTES / 3) {
            return new int[]{length};
        }
        if (text.getBytes(StandardCharsets.UTF_8).length == length) {
            // one byte per character: ASCII (an unpaired surrogate, which the encoder writes as '?', is one byte too)
            int[] cuts = new int[(length + MAX_FRAME_BYTES - 1) / MAX_FRAME_BYTES];
            for (int i = 0; i < cuts.length; i++) {
                cuts[i] = Math.min(length, (i + 1) * MAX_FRAME_BYTES);
            }
            return cuts;
        }
        int[] cuts = new int[length / (MAX_FRAME_BYTES / 4) + 2];
        int count = 0;
        int bytes = 0;
        for (int i = 0; i < length; ) {
            char c = text.charAt(i);
            int size;
            int chars = 1;
            if (c < 0x80) {
                size = 1;
            } else if (c < 0x800) {
                size = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                size = 4;
                chars = 2;
            } else {
                size = 3; // a lone surrogate goes out as the 3-byte replacement character
            }
            if (bytes + size > MAX_FRAME_BYTES) {
                cuts[count++] = i;
                bytes = 0;
            }
            bytes += size;
            i += chars;
        }
        cuts[count++] = length;
        return java.util.Arrays.copyOf(cuts, count);
    }

    int heldMessages() {
        sending.lock();
        try {
            return held.size();
        } finally {
            sending.unlock();
        }
    }

    /** Its environment is frozen: hold what is sent until {@link #thaw}. */
    void freeze() {
        sending.lock();
        try {
            frozen = true;
        } finally {
            sending.unlock();
        }
    }

    /** Its environment runs again: deliver what waited, in order (a close that waited comes last). */
    void thaw() {
        sending.lock();
        try {
            frozen = false;
            while (!held.isEmpty()) {
                String text = held.pollFirst();
                heldBytes -= text.length();
                try {
                    write(text);
                } catch (IOException e) {
                    held.clear();
                    heldBytes = 0;
                    break;
                }
            }
            if (closeHeld) {
                closeHeld = false;
                Session s = session;
                if (s != null) {
                    s.close(closeCode, closeReason, Callback.NOOP);
                }
            }
        } finally {
            sending.unlock();
        }
    }

    /** Its environment was reclaimed without a close: nothing reaches it any more, and nothing comes from it. */
    void sever() {
        sending.lock();
        try {
            severed = true;
            held.clear();
            heldBytes = 0;
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
     * whatever the client echoes, as API Gateway reports its own. To a frozen environment the close frame arrives
     * when it thaws; to a severed connection it never does.
     *
     * @return true when the connection is closed for API Gateway now although the client will only hear of it later
     *         (frozen) or never (severed): the caller then ends it on API Gateway's side itself
     */
    boolean close(int statusCode, String reason) {
        sending.lock();
        try {
            closeCode = statusCode;
            closeReason = reason;
            if (severed) {
                drop();
                return true;
            }
            if (frozen) {
                closeHeld = true;
                return true;
            }
        } finally {
            sending.unlock();
        }
        Session s = session;
        if (s != null) {
            s.close(statusCode, reason, Callback.NOOP);
        }
        return false;
    }
}
